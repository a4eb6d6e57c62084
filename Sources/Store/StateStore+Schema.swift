import Foundation
import GRDB

extension StateStore {
    /// Schema migrations, applied in order at start-up. Never edit a shipped migration: add a new one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(
                sql: """
                    CREATE TABLE feed (
                        id TEXT PRIMARY KEY NOT NULL,
                        url TEXT NOT NULL,
                        title TEXT,
                        etag TEXT,
                        last_modified TEXT,
                        last_fetch_at DATETIME,
                        last_success_at DATETIME,
                        last_status INTEGER,
                        last_error TEXT,
                        consecutive_failures INTEGER NOT NULL DEFAULT 0,
                        entries_seen INTEGER NOT NULL DEFAULT 0,
                        alerts_raised INTEGER NOT NULL DEFAULT 0,
                        next_fetch_at DATETIME,
                        malformed BOOLEAN NOT NULL DEFAULT 0,
                        last_duration DOUBLE
                    );
                    CREATE TABLE seen_entry (
                        feed_id TEXT NOT NULL,
                        key TEXT NOT NULL,
                        first_seen_at DATETIME NOT NULL,
                        PRIMARY KEY (feed_id, key)
                    ) WITHOUT ROWID;
                    CREATE TABLE alert (
                        id TEXT PRIMARY KEY NOT NULL,
                        created_at DATETIME NOT NULL,
                        rule_id TEXT NOT NULL,
                        feed_id TEXT NOT NULL,
                        record TEXT NOT NULL
                    );
                    CREATE INDEX alert_created ON alert (created_at);
                    CREATE TABLE outbox (
                        alert_id TEXT NOT NULL REFERENCES alert (id) ON DELETE CASCADE,
                        sink TEXT NOT NULL,
                        attempts INTEGER NOT NULL DEFAULT 0,
                        last_error TEXT,
                        PRIMARY KEY (alert_id, sink)
                    ) WITHOUT ROWID;
                    """)
        }
        // When an entry was last in its feed (NULL: not since first_seen_at), so that entries gone from
        // their feed for long can be forgotten (`forgetEntries`). Entries known at the upgrade count as
        // seen then: whether they are still in their feed is not known yet.
        migrator.registerMigration("v2") { db in
            try db.execute(sql: "ALTER TABLE seen_entry ADD COLUMN last_seen_at DATETIME")
            try db.execute(sql: "UPDATE seen_entry SET last_seen_at = ?", arguments: [Date()])
        }
        // Why the last fetch failed, as a kind that code compares (`http-503`, `resolve`, ...), beside
        // the message a person reads.
        migrator.registerMigration("v3") { db in
            try db.execute(sql: "ALTER TABLE feed ADD COLUMN last_error_kind TEXT")
        }
        // Recent articles as the rules saw them, kept for `retain` (README "Keep recent articles"), and
        // the digest of each seen entry's matched text, so an entry updated in place is matched again.
        migrator.registerMigration("v4") { db in
            try db.execute(
                sql: """
                    CREATE TABLE article (
                        key TEXT PRIMARY KEY NOT NULL,
                        feed_id TEXT NOT NULL,
                        entry_id TEXT NOT NULL,
                        title TEXT NOT NULL,
                        url TEXT,
                        canonical TEXT,
                        author TEXT,
                        categories TEXT NOT NULL,
                        published_at DATETIME,
                        fetched_at DATETIME NOT NULL,
                        text_source TEXT NOT NULL,
                        text_size INTEGER NOT NULL,
                        text BLOB NOT NULL
                    );
                    CREATE INDEX article_fetched ON article (fetched_at);
                    ALTER TABLE seen_entry ADD COLUMN content_digest TEXT;
                    """)
        }
        // The rules the service last loaded, by a digest of what they match, so that a rule added or
        // changed (at start or on reload) runs over the kept articles once (README "Catch up"), and the
        // progress of that catch-up for `status`.
        migrator.registerMigration("v5") { db in
            try db.execute(
                sql: """
                    CREATE TABLE rule_state (
                        rule_id TEXT PRIMARY KEY NOT NULL,
                        match_digest TEXT NOT NULL,
                        first_loaded_at DATETIME NOT NULL,
                        changed_at DATETIME NOT NULL,
                        caught_up_digest TEXT
                    ) WITHOUT ROWID;
                    CREATE TABLE catch_up_progress (
                        id INTEGER PRIMARY KEY CHECK (id = 1),
                        rules INTEGER NOT NULL,
                        articles_done INTEGER NOT NULL,
                        articles_total INTEGER NOT NULL,
                        alerts INTEGER NOT NULL,
                        started_at DATETIME NOT NULL,
                        updated_at DATETIME NOT NULL
                    );
                    """)
        }
        // What became of each feed's article pages (README "Full article text").
        migrator.registerMigration("v6") { db in
            try db.execute(
                sql: """
                    ALTER TABLE feed ADD COLUMN article_fetches INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE feed ADD COLUMN article_failures INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE feed ADD COLUMN article_fallbacks INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE feed ADD COLUMN article_longer INTEGER NOT NULL DEFAULT 0;
                    ALTER TABLE feed ADD COLUMN article_skipped INTEGER NOT NULL DEFAULT 0;
                    """)
        }
        // Stories (README "One alert per story"): each article's story for the window, with its
        // signature; the alert of each story and rule; and the sources of each alert.
        migrator.registerMigration("v7") { db in
            try db.execute(
                sql: """
                    CREATE TABLE story_article (
                        key TEXT PRIMARY KEY,
                        story_id INTEGER NOT NULL,
                        seen_at DATETIME NOT NULL,
                        canonical TEXT,
                        signature BLOB NOT NULL
                    );
                    CREATE INDEX story_article_seen ON story_article (seen_at);
                    CREATE TABLE story_alert (
                        rule_id TEXT NOT NULL,
                        story_id INTEGER NOT NULL,
                        alert_id TEXT NOT NULL,
                        created_at DATETIME NOT NULL,
                        PRIMARY KEY (rule_id, story_id)
                    );
                    CREATE INDEX story_alert_story ON story_alert (story_id);
                    CREATE TABLE story_source (
                        alert_id TEXT NOT NULL,
                        article_key TEXT NOT NULL,
                        feed_id TEXT NOT NULL,
                        url TEXT,
                        title TEXT NOT NULL,
                        seen_at DATETIME NOT NULL,
                        PRIMARY KEY (alert_id, article_key)
                    );
                    """)
        }
        // Feed health (README "Feed health"): since when a feed fails, its last new entry, the episode
        // a feed-health alert stands for, and where a permanent redirect points.
        migrator.registerMigration("v8") { db in
            try db.execute(
                sql: """
                    ALTER TABLE feed ADD COLUMN failing_since DATETIME;
                    ALTER TABLE feed ADD COLUMN last_new_at DATETIME;
                    ALTER TABLE feed ADD COLUMN health_kind TEXT;
                    ALTER TABLE feed ADD COLUMN health_since DATETIME;
                    ALTER TABLE feed ADD COLUMN health_alert TEXT;
                    ALTER TABLE feed ADD COLUMN moved_to TEXT;
                    """)
        }
        // Outputs (README "Outputs"): per output, what was delivered, what failed for good, and since
        // when it fails, for `status`; what is pending stays in the outbox.
        migrator.registerMigration("v9") { db in
            try db.execute(
                sql: """
                    CREATE TABLE output_state (
                        sink TEXT PRIMARY KEY NOT NULL,
                        delivered INTEGER NOT NULL DEFAULT 0,
                        failed INTEGER NOT NULL DEFAULT 0,
                        last_delivered_at DATETIME,
                        failing_since DATETIME,
                        last_error TEXT,
                        last_error_at DATETIME
                    );
                    """)
        }
        return migrator
    }
}
