//! Checking an xlsx / ods (a zip) before the spreadsheet library opens it:
//! every part is inflated once into nothing while counting, so a zip bomb
//! (a small file that expands to gigabytes) or a truncated file is refused
//! with a clear message instead of exhausting memory.

use std::io::{Cursor, Read};

use daicho_core::{Error, Result};
use zip::ZipArchive;

use super::limits::{MAX_UNCOMPRESSED_BYTES, MAX_ZIP_ENTRIES, MAX_ZIP_RATIO, ZIP_RATIO_ALLOWANCE};
use super::unreadable;

fn bomb(file_name: &str, what: &str) -> Error {
    Error::invalid(format!(
        "「{file_name}」は展開すると大きくなりすぎるため読み取りません ({what})。圧縮爆弾など異常なファイルの可能性があります。Excel で開いて保存し直したファイルを指定してください。何も書き込んでいません。"
    ))
}

/// Ok when the zip is complete and expands within the limits.
pub fn check_zip(file_name: &str, bytes: &[u8]) -> Result<()> {
    let mut zip = ZipArchive::new(Cursor::new(bytes))
        .map_err(|e| unreadable(file_name, &format!("zip: {e}")))?;
    if zip.len() > MAX_ZIP_ENTRIES {
        return Err(bomb(
            file_name,
            &format!("{} 個の部品を含んでいます", zip.len()),
        ));
    }
    let mut total: u64 = 0;
    for i in 0..zip.len() {
        let mut part = zip
            .by_index(i)
            .map_err(|e| unreadable(file_name, &format!("zip: {e}")))?;
        let allowed = part
            .compressed_size()
            .saturating_mul(MAX_ZIP_RATIO)
            .saturating_add(ZIP_RATIO_ALLOWANCE);
        let left = MAX_UNCOMPRESSED_BYTES - total;
        let limit = allowed.min(left);
        let read = std::io::copy(&mut (&mut part).take(limit + 1), &mut std::io::sink())
            .map_err(|e| unreadable(file_name, &format!("zip: {e}")))?;
        if read > allowed {
            return Err(bomb(
                file_name,
                &format!(
                    "「{}」の圧縮率が {MAX_ZIP_RATIO} 倍を超えています",
                    part.name().unwrap_or_default()
                ),
            ));
        }
        if read > left {
            return Err(bomb(
                file_name,
                &format!(
                    "展開後 {} MB を超えます",
                    MAX_UNCOMPRESSED_BYTES / (1024 * 1024)
                ),
            ));
        }
        total += read;
    }
    Ok(())
}
