-- The browser console's sessions (docs/console.md): the cookie holds a random session secret, never the
-- operator token; only its SHA-256 is stored. A session ends at logout, at its expiry, or when its token is
-- revoked or expires (checked on every call).
CREATE TABLE console_sessions (
    hash        VARCHAR(64) PRIMARY KEY,
    token_id    VARCHAR(40) NOT NULL,
    created_at  BIGINT NOT NULL,
    expires_at  BIGINT NOT NULL,
    ended_at    BIGINT,
    address     VARCHAR(100)
);
CREATE INDEX console_sessions_token ON console_sessions (token_id);
