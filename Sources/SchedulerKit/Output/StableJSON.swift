import Foundation

/// Output types whose JSON has stable keys: every stored property is written, a property with no
/// value as `null`, never left out (scripts can rely on a key being there).
public protocol StableJSON: Encodable {}

extension StableJSON {
    public func encode(to encoder: any Encoder) throws { try encodeByReflection(to: encoder) }

    /// Every stored property, found by reflection: the default, and what tests compare the
    /// hand-written encodings of the types lists print thousands of with.
    func encodeByReflection(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: AnyKey.self)
        for child in Mirror(reflecting: self).children {
            guard let label = child.label, let value = child.value as? any Encodable else { continue }
            try container.encode(value, forKey: AnyKey(stringValue: label))
        }
    }
}
