import Basics
import Foundation
import Store
import Stories

/// The stories of the window (README "One alert per story"): gives each new article the id of the story
/// it is a near-copy of, or a new one. Rebuilt from the state database at start; what it assigns is
/// written in the same transaction as the article's alerts, so a crash before that commit leaves no trace
/// that a restart could disagree with (an article assigned but never committed is assigned again).
public actor StoryBook {
    private var index: StoryIndex
    /// The story of each article assigned in the window, by article key: an article seen again (updated
    /// in place, or through another feed under the same key) stays in its story.
    private var byKey: [String: (id: Int64, at: Date)] = [:]
    private var window: Duration

    public init(window: Duration) {
        self.window = window
        index = StoryIndex(window: window, nextID: 1)
    }

    /// Rebuilds the index from the articles the database placed in the last `window`.
    public func load(from store: StateStore, now: Date) async throws(StoreError) {
        let since = now.addingTimeInterval(-window.seconds)
        let last = try await store.lastStoryID()
        var rebuilt = StoryIndex(window: window, nextID: last + 1)
        var keys: [String: (id: Int64, at: Date)] = [:]
        for article in try await store.storyArticles(since: since) {
            keys[article.key] = (article.storyID, article.seenAt)
            guard let signature = StorySignature(bytes: article.signature) else { continue }
            rebuilt.insert(
                id: StoryID(rawValue: article.storyID), signature: signature, canonical: article.canonical,
                at: article.seenAt)
        }
        index = rebuilt
        byKey = keys
    }

    /// A new window (reload): the index is rebuilt with the articles of the new window.
    public func setWindow(_ window: Duration, store: StateStore, now: Date) async throws(StoreError) {
        guard window != self.window else { return }
        let previous = self.window
        self.window = window
        do {
            try await load(from: store, now: now)
        } catch {
            self.window = previous
            throw error
        }
    }

    /// The story of the article with `key`: the one it was placed in already, else that of an earlier
    /// near-copy (or the same canonical URL) inside the window, else a new one. Returns the place to
    /// commit with the article (nil when it had one already).
    public func assign(key: String, signature: StorySignature, canonical: String?, at: Date) -> (
        id: Int64, place: StoryArticle?
    ) {
        if let known = byKey[key] { return (known.id, nil) }
        let (id, _) = index.assign(signature, canonical: canonical, at: at)
        byKey[key] = (id.rawValue, at)
        return (
            id.rawValue,
            StoryArticle(key: key, storyID: id.rawValue, seenAt: at, canonical: canonical, signature: signature.bytes)
        )
    }

    /// Forgets the articles seen before the window; returns where the window begins.
    @discardableResult
    public func prune(now: Date) -> Date {
        let cutoff = now.addingTimeInterval(-window.seconds)
        index.prune(before: cutoff)
        byKey = byKey.filter { $0.value.at >= cutoff }
        return cutoff
    }
}
