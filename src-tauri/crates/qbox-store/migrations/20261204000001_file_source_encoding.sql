-- The text encoding a CSV or TSV source is read with (DuckDB's name: utf-8, utf-16, latin-1);
-- NULL for other formats and for rows registered before encodings were detected (UTF-8).
ALTER TABLE file_sources ADD COLUMN encoding TEXT;
