-- A smaller full-text index: one column of keys (the title's keys twice:
-- `t…` for title hits, and with the body's as `a…`) and only which records
-- hold each key (detail=none), not where. A query word of three or more characters is
-- checked on the record's text (see domain::text), so the hits stay the
-- same. Rebuilt from the records, keeping each record's row number.
DROP TABLE search_index;
CREATE VIRTUAL TABLE search_index USING fts5 (
    terms,
    content = '',
    contentless_delete = 1,
    tokenize = 'ascii',
    detail = none
);
-- daicho:rebuild-search-index
INSERT INTO search_index (search_index) VALUES ('optimize');
