/// A value kept in one shared, immutable box: copying it costs one reference count however many fields it has,
/// and changing it makes a new box. ``RenderedMarkdown``, and SitegenCore's `Document` and `Post`, keep their
/// fields this way, so that the many copies a build makes of 10k of them stay cheap.
/// Its members are inlinable, so that reading a field through a key path literal (`document.title`) compiles to
/// reading the field, not to applying a key path at run time.
@usableFromInline package struct SharedValue<Value: Sendable>: Sendable {
    @usableFromInline final class Box: Sendable {
        @usableFromInline let value: Value
        @usableFromInline init(_ value: Value) { self.value = value }
    }

    @usableFromInline var box: Box

    @inlinable package init(_ value: Value) { box = Box(value) }

    /// The value; setting it makes a new box and leaves the other copies as they were.
    @inlinable package var value: Value {
        get { box.value }
        set { box = Box(newValue) }
    }

    /// One field of the value.
    @inlinable package subscript<Field>(keyPath: WritableKeyPath<Value, Field>) -> Field {
        get { box.value[keyPath: keyPath] }
        set {
            var value = box.value
            value[keyPath: keyPath] = newValue
            box = Box(value)
        }
    }

    /// Whether both are the same box, and so certainly equal.
    package func isSameBox(as other: SharedValue) -> Bool { box === other.box }
}
