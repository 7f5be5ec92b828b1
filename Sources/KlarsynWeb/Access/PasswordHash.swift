import Crypto
import Foundation
import _CryptoExtras

/// Salted PBKDF2-HMAC-SHA256 password hashes in one self-describing text:
/// `pbkdf2-sha256$ROUNDS$SALT_BASE64$HASH_BASE64` (decision 0082).
///
/// 600,000 rounds is OWASP's 2023 figure for PBKDF2-HMAC-SHA256; the rounds are stored with the
/// hash so they can be raised later without invalidating older hashes.
public enum PasswordHash {
    /// Rounds for new hashes.
    public static let defaultRounds = 600_000
    /// Longest password accepted (PBKDF2 hashes long inputs first; the limit stops CPU abuse).
    public static let maxPasswordLength = 256

    /// Hashes a password with a fresh 16-byte random salt.
    ///
    /// - Parameter rounds: lower than ``defaultRounds`` only in tests.
    public static func make(_ password: String, rounds: Int = defaultRounds) throws -> String {
        var salt = [UInt8](repeating: 0, count: 16)
        var rng = SystemRandomNumberGenerator()
        for i in salt.indices { salt[i] = UInt8.random(in: 0...255, using: &rng) }
        let key = try derive(password, salt: salt, rounds: rounds)
        return "pbkdf2-sha256$\(rounds)$\(Data(salt).base64EncodedString())$\(Data(key).base64EncodedString())"
    }

    /// Whether `password` matches `stored`; the comparison takes the same time wherever the bytes differ.
    public static func verify(_ password: String, against stored: String) -> Bool {
        let parts = stored.split(separator: "$", omittingEmptySubsequences: false)
        guard parts.count == 4, parts[0] == "pbkdf2-sha256", let rounds = Int(parts[1]), rounds >= 1,
            rounds <= 10_000_000,
            let salt = Data(base64Encoded: String(parts[2])), let expected = Data(base64Encoded: String(parts[3])),
            password.utf8.count <= maxPasswordLength,
            let key = try? derive(password, salt: Array(salt), rounds: rounds)
        else { return false }
        return constantTimeEqual(key, Array(expected))
    }

    /// A hash of a password nobody knows, verified against when the account does not exist, so
    /// that a wrong account name and a wrong password take the same time.
    static let decoy: String = (try? make(UUID().uuidString)) ?? ""

    static func derive(_ password: String, salt: [UInt8], rounds: Int) throws -> [UInt8] {
        let key = try KDF.Insecure.PBKDF2.deriveKey(
            from: Array(password.utf8), salt: salt, using: .sha256, outputByteCount: 32,
            unsafeUncheckedRounds: rounds)
        return key.withUnsafeBytes { Array($0) }
    }

    /// Compares two byte strings without stopping at the first difference.
    public static func constantTimeEqual(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var diff: UInt8 = 0
        for i in a.indices { diff |= a[i] ^ b[i] }
        return diff == 0
    }
}

/// Random tokens (sessions, CSRF) from the system's cryptographic generator.
enum Token {
    /// 32 random bytes, base64url without padding.
    static func random() -> String {
        var rng = SystemRandomNumberGenerator()
        let bytes = (0..<32).map { _ in UInt8.random(in: 0...255, using: &rng) }
        return Data(bytes).base64EncodedString().replacingOccurrences(of: "+", with: "-")
            .replacingOccurrences(of: "/", with: "_").replacingOccurrences(of: "=", with: "")
    }

    /// SHA-256 of a token, hex: what the server keeps instead of the token itself.
    static func digest(_ token: String) -> String {
        Hex.string(SHA256.hash(data: Array(token.utf8)))
    }
}
