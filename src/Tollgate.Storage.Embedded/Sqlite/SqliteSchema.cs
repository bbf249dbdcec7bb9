namespace Tollgate.Storage.Embedded.Sqlite;

/// <summary>
/// The schema, versioned by <c>PRAGMA user_version</c>. Each step takes the database from version <c>i</c> to
/// <c>i + 1</c>; a later change appends a step (e.g. <c>ALTER TABLE ledger ADD COLUMN …</c>) and never edits one.
/// </summary>
internal static partial class SqliteSchema
{
    // Internal so the tests can build a database of any earlier version by applying the first steps alone.
    internal static readonly string[] Steps =
    [
        // 1: ledger and virtual keys.
        """
        CREATE TABLE ledger (
            request_id             TEXT    NOT NULL PRIMARY KEY,
            timestamp              TEXT    NOT NULL,
            key_name               TEXT,
            user                   TEXT,
            feature                TEXT,
            team                   TEXT,
            endpoint               TEXT    NOT NULL,
            provider               TEXT,
            requested_model        TEXT,
            served_model           TEXT,
            stream                 INTEGER NOT NULL,
            input_tokens           INTEGER NOT NULL,
            cached_input_tokens    INTEGER NOT NULL,
            cache_write_tokens     INTEGER NOT NULL,
            output_tokens          INTEGER NOT NULL,
            cost_usd               TEXT,
            baseline_cost_usd      TEXT,
            cache_status           TEXT    NOT NULL,
            lever                  TEXT,
            task_type              TEXT,
            workload_class         TEXT    NOT NULL,
            latency_ms             REAL    NOT NULL,
            time_to_first_token_ms REAL,
            status                 INTEGER NOT NULL,
            attempts               INTEGER NOT NULL,
            error_type             TEXT,
            warning                TEXT,
            usable                 INTEGER
        ) WITHOUT ROWID;
        CREATE INDEX ledger_timestamp ON ledger (timestamp);
        CREATE INDEX ledger_pending ON ledger (request_id) WHERE status = 0 AND error_type IS NULL;

        CREATE TABLE virtual_keys (
            id          TEXT NOT NULL PRIMARY KEY,
            name        TEXT NOT NULL,
            user        TEXT,
            feature     TEXT,
            team        TEXT,
            prefix      TEXT NOT NULL,
            secret_hash TEXT NOT NULL UNIQUE,
            created_at  TEXT NOT NULL,
            revoked_at  TEXT
        );
        CREATE UNIQUE INDEX virtual_keys_active_name ON virtual_keys (name) WHERE revoked_at IS NULL;
        """,

        // 2: what each lever saved and each upstream attempt of a row, in child tables keyed by its request id.
        // Tables rather than an encoded column: spend by lever and attempts by provider are plain GROUP BYs, and a
        // server database keeps the same shape. Most rows have neither, and then nothing is written to them.
        // A row rewritten with new money (an upsert that replaces it) drops its old children in the same
        // statement, so they never outlive the values they explain; plain inserts, the settled path, never fire it.
        """
        CREATE TABLE ledger_savings (
            request_id TEXT    NOT NULL,
            lever      TEXT    NOT NULL,
            position   INTEGER NOT NULL,
            saved_usd  TEXT    NOT NULL,
            PRIMARY KEY (request_id, lever)
        ) WITHOUT ROWID;

        CREATE TABLE ledger_attempts (
            request_id          TEXT    NOT NULL,
            number              INTEGER NOT NULL,
            provider            TEXT,
            model               TEXT,
            status              INTEGER NOT NULL,
            error_type          TEXT,
            input_tokens        INTEGER NOT NULL,
            cached_input_tokens INTEGER NOT NULL,
            cache_write_tokens  INTEGER NOT NULL,
            output_tokens       INTEGER NOT NULL,
            cost_usd            TEXT,
            latency_ms          REAL    NOT NULL,
            PRIMARY KEY (request_id, number)
        ) WITHOUT ROWID;

        CREATE TRIGGER ledger_money_rewritten AFTER UPDATE OF cost_usd ON ledger
        BEGIN
            DELETE FROM ledger_savings WHERE request_id = old.request_id;
            DELETE FROM ledger_attempts WHERE request_id = old.request_id;
        END;
        """,

        // 3: the 1-hour part of the cache writes, billed at its own price (cache_write_tokens keeps counting every
        // write, so older readers and rows stay right). Rows with an unknown cost get an index by the model billed:
        // GET /admin/pricing lists those models, and few rows are in it.
        """
        ALTER TABLE ledger ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
        ALTER TABLE ledger_attempts ADD COLUMN cache_write_1h_tokens INTEGER NOT NULL DEFAULT 0;
        CREATE INDEX ledger_unknown_cost ON ledger (COALESCE(served_model, requested_model)) WHERE cost_usd IS NULL;
        """,

        // 4: what of its attribution a key leaves to the caller (a comma-separated list of user, feature, team; NULL for
        // none: keys made before this step become authoritative), and the record that keys are in use. That record is
        // one row, written with the first key and never removed, so revoking every key does not open the gateway
        // again; a database that already has keys, revoked ones included, has been using them since the first.
        """
        ALTER TABLE virtual_keys ADD COLUMN open_attribution TEXT;

        CREATE TABLE key_store_state (
            id                INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            keys_in_use_since TEXT    NOT NULL
        );
        INSERT INTO key_store_state (id, keys_in_use_since)
            SELECT 1, created_at FROM virtual_keys ORDER BY created_at LIMIT 1;
        """,

        // 5: who created each response the provider stores (a later call naming it is held to its owner), and the
        // background responses whose rows wait for their final usage. Both go by created_at when the retention purges.
        """
        CREATE TABLE response_owners (
            response_id TEXT NOT NULL PRIMARY KEY,
            key_name    TEXT,
            team        TEXT,
            provider    TEXT NOT NULL,
            created_at  TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX response_owners_created_at ON response_owners (created_at);

        CREATE TABLE response_settlements (
            response_id TEXT NOT NULL PRIMARY KEY,
            request_id  TEXT NOT NULL,
            created_at  TEXT NOT NULL
        ) WITHOUT ROWID;
        CREATE INDEX response_settlements_created_at ON response_settlements (created_at, response_id);
        """,

        // Tags: a key's fixed tags, and each row's tags, as a JSON object of strings in key order (NULL for none). The
        // spend report groups by one tag with json_extract over the rows of its period, as it groups by a column:
        // on 100k rows that adds less to the scan than joining a (request_id, key, value) table by its primary key
        // does, and a commit writes one column rather than a row per tag.
        """
        ALTER TABLE virtual_keys ADD COLUMN tags TEXT;
        ALTER TABLE ledger ADD COLUMN tags TEXT;
        """,

        // Whether the answer stopped at an output limit the gateway set (a feature's default or cap), so the rows an
        // output cap cut are one WHERE away.
        """
        ALTER TABLE ledger ADD COLUMN output_capped INTEGER NOT NULL DEFAULT 0;
        """,

        // Budgets made through the admin API (a document each, as written), the top-ups of prepaid credits (for
        // configured budgets too, hence a table of their own), and the worst-case cost a row held against its budgets
        // while pending: the spend a crashed process left behind counts at that reservation when counters start again.
        """
        CREATE TABLE budgets (
            id         TEXT NOT NULL PRIMARY KEY,
            definition TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;

        CREATE TABLE budget_topups (
            id        TEXT NOT NULL PRIMARY KEY,
            total_usd TEXT NOT NULL
        ) WITHOUT ROWID;

        ALTER TABLE ledger ADD COLUMN reserved_usd TEXT;
        ALTER TABLE ledger ADD COLUMN reserved_tokens INTEGER;
        """,

        // The alerts raised (budget thresholds and the like), listed newest first, and their delivery to each
        // webhook. The unique dedupe key makes one threshold of one budget in one period raise once, whichever gateway
        // crosses it and however often it restarts. A delivery still pending at a start was interrupted and is retried.
        """
        CREATE TABLE alerts (
            id                 TEXT NOT NULL PRIMARY KEY,
            created_at         TEXT NOT NULL,
            kind               TEXT NOT NULL,
            severity           TEXT NOT NULL,
            message            TEXT NOT NULL,
            subject_id         TEXT,
            subject_name       TEXT,
            subject_scope      TEXT,
            threshold_fraction TEXT,
            spent_usd          TEXT,
            limit_usd          TEXT,
            period_start       TEXT,
            period_end         TEXT,
            dedupe_key         TEXT,
            details            TEXT
        ) WITHOUT ROWID;
        CREATE INDEX alerts_created_at ON alerts (created_at, id);
        CREATE UNIQUE INDEX alerts_dedupe_key ON alerts (dedupe_key) WHERE dedupe_key IS NOT NULL;

        CREATE TABLE alert_deliveries (
            alert_id    TEXT    NOT NULL,
            webhook     TEXT    NOT NULL,
            state       TEXT    NOT NULL,
            attempts    INTEGER NOT NULL,
            last_status INTEGER,
            last_error  TEXT,
            updated_at  TEXT    NOT NULL,
            PRIMARY KEY (alert_id, webhook)
        ) WITHOUT ROWID;
        CREATE INDEX alert_deliveries_pending ON alert_deliveries (alert_id) WHERE state = 'pending';
        """,

        // Settings made through the admin API over the configuration file, one row per entry (a value, or an array or
        // a null that hides the file's value below its path); paths compare without regard to case, as configuration
        // keys do.
        """
        CREATE TABLE setting_overrides (
            path           TEXT    NOT NULL PRIMARY KEY COLLATE NOCASE,
            value          TEXT,
            replaces_below INTEGER NOT NULL,
            updated_at     TEXT    NOT NULL
        ) WITHOUT ROWID;
        """,

        // What a row counted against its budgets when that is not its cost: a cache hit or coalesced waiter charged back
        // at its baseline (Tollgate:Chargeback:CacheHits). Budget counters that start again from the ledger count such a
        // row at this amount, whatever the setting says by then.
        """
        ALTER TABLE ledger ADD COLUMN charged_usd TEXT;
        """,

        // Tiers: the tier a key belongs to, and the tiers given to end users through the admin API.
        """
        ALTER TABLE virtual_keys ADD COLUMN tier TEXT;

        CREATE TABLE user_tiers (
            user       TEXT NOT NULL PRIMARY KEY,
            tier       TEXT NOT NULL,
            updated_at TEXT NOT NULL
        ) WITHOUT ROWID;
        """,

        // Cost per usable output: the request a row re-asks (x-tollgate-attempt-of) and its task (the first request of the
        // chain), whether its answer met the JSON schema it asked for, and the applications' feedback, one row per
        // request, last word kept (a table of its own: a row is written once, and a background response's row is
        // rewritten by its settlement, which must not drop the feedback given meanwhile). The spend report asks of each
        // row whether a later one re-asks it: the partial index answers that for the few rows that are re-asks.
        """
        ALTER TABLE ledger ADD COLUMN attempt_of TEXT;
        ALTER TABLE ledger ADD COLUMN task_id TEXT;
        ALTER TABLE ledger ADD COLUMN valid INTEGER;
        CREATE INDEX ledger_attempt_of ON ledger (attempt_of) WHERE attempt_of IS NOT NULL;

        CREATE TABLE feedback (
            request_id     TEXT    NOT NULL PRIMARY KEY,
            usable         INTEGER NOT NULL,
            key_name       TEXT,
            first_given_at TEXT    NOT NULL,
            given_at       TEXT    NOT NULL
        ) WITHOUT ROWID;
        """,

        // Reports over a period (the spend report, the spend timeline, the token histogram) read a range of the time
        // index and, for every row in it, looked the row up by its primary key: on a million rows that lookup was most
        // of the time. This index carries, in time order, every column those reports read, so they read it alone; it
        // starts with the timestamp and so replaces ledger_timestamp. The costliest requests of a period are chosen from
        // it too (it holds their cost and tokens), and only the few chosen rows are then read whole.
        """
        CREATE INDEX ledger_period ON ledger (
            timestamp, status, error_type, feature, user, team, key_name, served_model, requested_model, endpoint,
            cache_status, valid, attempts, input_tokens, cached_input_tokens, cache_write_tokens, output_tokens,
            cost_usd, baseline_cost_usd);
        DROP INDEX ledger_timestamp;
        """,

        // The hourly rollup: per hour of arrival (the timestamp's first 13 characters), per grouping the spend report
        // offers (feature, user, model, key, team, lever, and tag:KEY for each tag key) and per group (named = 0 for the
        // null group, whose spend_group is ''), the sums of the settled rows as the report computes them, with usable and
        // wasted as known at settlement (no feedback, not re-asked: the report corrects those from the few rows that have
        // either). Written in the transaction that writes the rows; money is decimal text added exactly in C#. The
        // migration fills it from the rows already written (LedgerRollupBackfill).
        """
        CREATE TABLE ledger_rollup (
            grouping            TEXT    NOT NULL,
            hour                TEXT    NOT NULL,
            named               INTEGER NOT NULL,
            spend_group         TEXT    NOT NULL,
            requests            INTEGER NOT NULL,
            input_tokens        INTEGER NOT NULL,
            cached_input_tokens INTEGER NOT NULL,
            cache_write_tokens  INTEGER NOT NULL,
            output_tokens       INTEGER NOT NULL,
            cost_usd            TEXT    NOT NULL,
            baseline_usd        TEXT    NOT NULL,
            saved_usd           TEXT    NOT NULL,
            unpriced            INTEGER NOT NULL,
            hits                INTEGER NOT NULL,
            usable              INTEGER NOT NULL,
            wasted_usd          TEXT    NOT NULL,
            PRIMARY KEY (grouping, hour, named, spend_group)
        ) WITHOUT ROWID;
        """,

        // The rollup off the commit: each batch stamps its rows with a commit sequence number (one more than the
        // largest in the table, so a row rewritten later moves past the watermark) and the rollup is written by a
        // flusher every few seconds, with the watermark: the rollup holds exactly the settled rows whose commit_seq
        // is at most it (NULL, the rows before this step, counts as below every watermark); reads add the few rows
        // above it. The token histogram joins the rollup (grouping 'tokens', the group a bucket's lower edge, filled
        // by the migration). The wide covering index ledger_period, which every commit paid for, gives way to the plain
        // timestamp index again, carrying what the costliest requests are chosen by (settled or not, cost, tokens; the
        // request id comes with every entry), so a long period's costliest read no row but the ones chosen. Its
        // entries, like the commit sequence numbers, go at the end of their index. (No index in cost order: its
        // inserts land on pages all over it, one per row.)
        """
        ALTER TABLE ledger ADD COLUMN commit_seq INTEGER;
        CREATE INDEX ledger_commit_seq ON ledger (commit_seq);
        CREATE TABLE ledger_rollup_state (
            id        INTEGER NOT NULL PRIMARY KEY CHECK (id = 1),
            watermark INTEGER NOT NULL
        );
        INSERT INTO ledger_rollup_state (id, watermark) VALUES (1, 0);
        CREATE INDEX ledger_timestamp ON ledger (timestamp, status, error_type, cost_usd, input_tokens, output_tokens);
        DROP INDEX ledger_period;
        """,

        // A rollup bucket's peak cost: the largest cost of a row it counted, as SQLite casts the cost to REAL (the
        // costliest requests' order); a row taken back leaves it, so it stays at least the cost of every row the bucket
        // holds. Kept first by the token histogram's buckets, per hour; since step 18 by the minutes.
        """
        ALTER TABLE ledger_rollup ADD COLUMN peak_cost REAL NOT NULL DEFAULT 0;
        """,

        // The rollup's minutes (grouping 'minute', the hour column holding the minute, the null group): each minute's
        // requests and peak cost, so that the costliest requests of a period read only the minutes whose peak can still
        // place a row among them, however many rows one hour holds. The token histogram's hourly peaks give way to
        // them. Filled by the migration from the rows the rollup holds (LedgerRollupBackfill.RunMinutes).
        """
        UPDATE ledger_rollup SET peak_cost = 0 WHERE grouping = 'tokens';
        """,
    ];
}
