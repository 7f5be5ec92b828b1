import Foundation

/// A signed-in session. The store keys it by the SHA-256 of the cookie's token, so a memory
/// dump or a log line does not hand out working cookies.
struct Session: Sendable {
    var user: User
    var csrfToken: String
    var created: Date
    var lastSeen: Date
}

/// Sign-in sessions in memory (decision 0085): a restart signs everyone out. Idle and absolute
/// time-outs are checked on every request; the token changes at every sign-in.
actor SessionStore {
    let idleTimeout: TimeInterval
    let absoluteTimeout: TimeInterval
    let capacity: Int
    private var sessions: [String: Session] = [:]

    init(idleTimeout: TimeInterval, absoluteTimeout: TimeInterval, capacity: Int = 10_000) {
        self.idleTimeout = idleTimeout
        self.absoluteTimeout = absoluteTimeout
        self.capacity = capacity
    }

    /// Starts a session and returns the cookie token (the only copy of it).
    func create(user: User, now: Date = Date()) -> String {
        if sessions.count >= capacity { prune(now) }
        if sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.lastSeen < $1.value.lastSeen }) {
            sessions[oldest.key] = nil
        }
        let token = Token.random()
        sessions[Token.digest(token)] = Session(user: user, csrfToken: Token.random(), created: now, lastSeen: now)
        return token
    }

    /// The live session for a cookie token; an expired one is removed and `nil` returned.
    func session(token: String, now: Date = Date()) -> Session? {
        let key = Token.digest(token)
        guard var s = sessions[key] else { return nil }
        guard now.timeIntervalSince(s.lastSeen) <= idleTimeout, now.timeIntervalSince(s.created) <= absoluteTimeout
        else {
            sessions[key] = nil
            return nil
        }
        s.lastSeen = now
        sessions[key] = s
        return s
    }

    /// Ends a session.
    func remove(token: String) { sessions[Token.digest(token)] = nil }

    private func prune(_ now: Date) {
        sessions = sessions.filter {
            now.timeIntervalSince($0.value.lastSeen) <= idleTimeout
                && now.timeIntervalSince($0.value.created) <= absoluteTimeout
        }
    }
}
