//! Product rules about what users see: legal pages and files for search engines.

pub mod missing_legal_pages;
pub mod no_seo_files;
