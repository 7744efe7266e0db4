//! Hostile workbooks and CSVs, built in the test (nothing big is committed):
//! rust_xlsxwriter workbooks edited inside their zip, hand-written ods, and
//! CSV bytes.

use std::io::{Read, Write};

use rust_xlsxwriter::Workbook;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, ZipArchive, ZipWriter};

/// A small, valid incident ledger (a header and two records).
pub fn ledger_xlsx() -> Vec<u8> {
    let mut wb = Workbook::new();
    let ws = wb.add_worksheet();
    ws.set_name("インシデント台帳").unwrap();
    let head = ["No.", "起票日", "起票者", "発生元組織", "タイトル", "概要"];
    for (c, h) in head.iter().enumerate() {
        ws.write_string(0, c as u16, *h).unwrap();
    }
    for (r, t) in [(1u32, "帳票の文字化け"), (2, "ログイン不可")] {
        ws.write_string(r, 0, format!("I-{r:04}")).unwrap();
        ws.write_string(r, 1, "2022/9/22").unwrap();
        ws.write_string(r, 2, "吉岡").unwrap();
        ws.write_string(r, 3, "石巻ガス").unwrap();
        ws.write_string(r, 4, t).unwrap();
        ws.write_string(r, 5, "詳細").unwrap();
    }
    wb.save_to_buffer().unwrap()
}

/// Rewrites a zip: `edit` gets each part's name and bytes and returns the
/// new bytes, or writes them itself into the writer (then returns None).
pub fn edit_zip(
    bytes: &[u8],
    mut edit: impl FnMut(&str, Vec<u8>, &mut ZipWriter<std::io::Cursor<Vec<u8>>>) -> Option<Vec<u8>>,
) -> Vec<u8> {
    let mut zin = ZipArchive::new(std::io::Cursor::new(bytes)).unwrap();
    let mut out = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let opts = SimpleFileOptions::default().compression_method(CompressionMethod::Deflated);
    for i in 0..zin.len() {
        let mut f = zin.by_index(i).unwrap();
        let name = f.name().unwrap().to_string();
        let mut data = Vec::new();
        f.read_to_end(&mut data).unwrap();
        out.start_file(name.as_str(), opts).unwrap();
        if let Some(new) = edit(&name, data, &mut out) {
            out.write_all(&new).unwrap();
        }
    }
    out.finish().unwrap().into_inner()
}

/// The ledger with its sheet's `<dimension ref>` set to `reference`.
pub fn with_dimension(xlsx: &[u8], reference: &str) -> Vec<u8> {
    edit_zip(xlsx, |name, data, _| {
        if name != "xl/worksheets/sheet1.xml" {
            return Some(data);
        }
        let xml = String::from_utf8(data).unwrap();
        let start = xml.find("<dimension ref=\"").unwrap() + "<dimension ref=\"".len();
        let end = start + xml[start..].find('"').unwrap();
        Some(format!("{}{reference}{}", &xml[..start], &xml[end..]).into_bytes())
    })
}

/// The ledger whose sheet XML carries `mb` megabytes of blanks (which
/// compress a thousandfold), streamed so the test itself stays small.
pub fn zip_bomb(xlsx: &[u8], mb: usize) -> Vec<u8> {
    edit_zip(xlsx, |name, data, out| {
        if name != "xl/worksheets/sheet1.xml" {
            return Some(data);
        }
        let xml = String::from_utf8(data).unwrap();
        let at = xml.find("<sheetData").unwrap();
        out.write_all(&xml.as_bytes()[..at]).unwrap();
        let blanks = vec![b' '; 1024 * 1024];
        for _ in 0..mb {
            out.write_all(&blanks).unwrap();
        }
        out.write_all(&xml.as_bytes()[at..]).unwrap();
        None
    })
}

/// An ods with `table` as its only sheet's XML.
pub fn ods(table: &str) -> Vec<u8> {
    let mut out = ZipWriter::new(std::io::Cursor::new(Vec::new()));
    let stored = SimpleFileOptions::default().compression_method(CompressionMethod::Stored);
    out.start_file("mimetype", stored).unwrap();
    out.write_all(b"application/vnd.oasis.opendocument.spreadsheet")
        .unwrap();
    out.start_file("META-INF/manifest.xml", stored).unwrap();
    out.write_all(br#"<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest="urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2"><manifest:file-entry manifest:full-path="/" manifest:media-type="application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry manifest:full-path="content.xml" manifest:media-type="text/xml"/></manifest:manifest>"#).unwrap();
    out.start_file("content.xml", SimpleFileOptions::default())
        .unwrap();
    write!(
        out,
        r#"<?xml version="1.0" encoding="UTF-8"?><office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2"><office:body><office:spreadsheet><table:table table:name="台帳">{table}</table:table></office:spreadsheet></office:body></office:document-content>"#
    )
    .unwrap();
    out.finish().unwrap().into_inner()
}

/// One text cell of an ods.
pub fn ods_text(text: &str, repeated: u32) -> String {
    format!(
        r#"<table:table-cell table:number-columns-repeated="{repeated}" office:value-type="string"><text:p>{text}</text:p></table:table-cell>"#
    )
}

/// CSV lines `I-n,件名n` after a header, `rows` of them.
pub fn long_csv(rows: usize) -> Vec<u8> {
    let mut s = String::with_capacity(rows * 16);
    s.push_str("No.,タイトル\n");
    for i in 0..rows {
        s.push_str(&format!("{i},件名{i}\n"));
    }
    s.into_bytes()
}

/// One BIFF record.
fn record(out: &mut Vec<u8>, typ: u16, data: &[u8]) {
    out.extend(typ.to_le_bytes());
    out.extend((data.len() as u16).to_le_bytes());
    out.extend(data);
}

/// A minimal .xls (BIFF8 in a compound file): one sheet 「台帳」 with the
/// given DIMENSIONS (first row, last row + 1, first col, last col + 1) and
/// a NUMBER cell at each (row, col).
pub fn xls(dimensions: (u32, u32, u16, u16), cells: &[(u16, u16)]) -> Vec<u8> {
    let bof = |dt: u16| {
        [
            0x00,
            0x06,
            dt as u8,
            (dt >> 8) as u8,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
            0,
        ]
    };
    let mut globals = Vec::new();
    record(&mut globals, 0x0809, &bof(0x0005));
    let name: Vec<u8> = "台帳".encode_utf16().flat_map(u16::to_le_bytes).collect();
    let sheet_at_len = 4 + 16 + 4 + 8 + name.len() + 4;
    let mut bound = (sheet_at_len as u32).to_le_bytes().to_vec();
    bound.extend([0, 0, 2, 1]);
    bound.extend(&name);
    record(&mut globals, 0x0085, &bound);
    record(&mut globals, 0x000A, &[]);
    assert_eq!(globals.len(), sheet_at_len);
    let mut sheet = Vec::new();
    record(&mut sheet, 0x0809, &bof(0x0010));
    let (rf, rl, cf, cl) = dimensions;
    let mut dim = Vec::new();
    dim.extend(rf.to_le_bytes());
    dim.extend(rl.to_le_bytes());
    dim.extend(cf.to_le_bytes());
    dim.extend(cl.to_le_bytes());
    dim.extend([0, 0]);
    record(&mut sheet, 0x0200, &dim);
    for (r, c) in cells {
        let mut n = Vec::new();
        n.extend(r.to_le_bytes());
        n.extend(c.to_le_bytes());
        n.extend(0u16.to_le_bytes());
        n.extend(42.0f64.to_le_bytes());
        record(&mut sheet, 0x0203, &n);
    }
    record(&mut sheet, 0x000A, &[]);
    globals.extend(sheet);
    let mut comp = cfb::CompoundFile::create(std::io::Cursor::new(Vec::new())).unwrap();
    comp.create_stream("/Workbook")
        .unwrap()
        .write_all(&globals)
        .unwrap();
    comp.flush().unwrap();
    comp.into_inner().into_inner()
}
