extension Int128 {
    /// The value as a `Double` from two 63-bit halves of its magnitude, within about one ulp
    /// of correct rounding.
    ///
    /// The standard library's generic `Double(_: some BinaryInteger)` walks the value word by
    /// word and costs microseconds; this costs two signed conversions (one instruction each on
    /// x86-64, where unsigned ones are not native) and one multiply-add.
    @inline(__always)
    var approximateDouble: Double {
        let magnitude = self.magnitude
        guard magnitude >> 126 == 0 else { return Double(self) }
        let high = Int64(truncatingIfNeeded: magnitude >> 63)
        let low = Int64(truncatingIfNeeded: magnitude & 0x7FFF_FFFF_FFFF_FFFF)
        let value = Double(high) * 9_223_372_036_854_775_808.0 + Double(low)
        return self < 0 ? -value : value
    }
}
