extension Double {
    /// The number as a person writes it in a spec or a message: `20` for a whole number an
    /// `Int64` holds, `1.5` or `1e+19` otherwise (converting 1e19 to an integer would trap).
    public var numberText: String {
        self == rounded() && abs(self) < 1e15 ? String(Int64(self)) : String(self)
    }
}
