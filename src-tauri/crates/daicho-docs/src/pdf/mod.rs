//! PDF output: [`canvas`], the drawing surface every PDF of Daicho is drawn
//! on (fonts parsed once per process, text, boxes, lines, pages), and the
//! form renderer [`render_pdf`] for the document templates. The reports
//! crate draws its tables and charts on the same canvas.

pub mod canvas;
mod form;

pub use form::render_pdf;
pub(crate) use form::value_text;
