-- 003: status trends read history by ledger, field and time.
CREATE INDEX history_field_at ON history (ledger, field, at);
