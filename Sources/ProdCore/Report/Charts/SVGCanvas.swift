import Foundation

/// The few SVG elements the report charts draw, as text, coordinates to 0.1 px; text escaped.
public struct SVGCanvas {
    let width: Double
    let height: Double
    private var elements: [String] = []

    public init(width: Double, height: Double) {
        self.width = width
        self.height = height
        elements.append("<rect width=\"100%\" height=\"100%\" fill=\"white\"/>")
    }

    public mutating func text(
        _ x: Double, _ y: Double, _ text: String, anchor: String = "start", size: Double = 12, color: String = "#333",
        weight: String = "normal"
    ) {
        elements.append(
            "<text x=\"\(f(x))\" y=\"\(f(y))\" text-anchor=\"\(anchor)\" font-size=\"\(f(size))\" fill=\"\(color)\" font-weight=\"\(weight)\">\(Self.escaped(text))</text>")
    }

    public mutating func line(_ x1: Double, _ y1: Double, _ x2: Double, _ y2: Double, color: String, width: Double = 1, dashed: Bool = false) {
        elements.append(
            "<line x1=\"\(f(x1))\" y1=\"\(f(y1))\" x2=\"\(f(x2))\" y2=\"\(f(y2))\" stroke=\"\(color)\" stroke-width=\"\(f(width))\"\(dashed ? " stroke-dasharray=\"4 3\"" : "")/>")
    }

    public mutating func rect(_ x: Double, _ y: Double, _ width: Double, _ height: Double, stroke: String = "#999", fill: String = "none") {
        elements.append("<rect x=\"\(f(x))\" y=\"\(f(y))\" width=\"\(f(width))\" height=\"\(f(height))\" fill=\"\(fill)\" stroke=\"\(stroke)\"/>")
    }

    public mutating func polyline(_ points: [(Double, Double)], color: String, width: Double = 1.2) {
        elements.append("<polyline fill=\"none\" stroke=\"\(color)\" stroke-width=\"\(f(width))\" points=\"\(Self.points(points))\"/>")
    }

    public mutating func polygon(_ points: [(Double, Double)], color: String, opacity: Double) {
        elements.append(
            "<polygon fill=\"\(color)\" fill-opacity=\"\(opacity)\" stroke=\"\(color)\" stroke-width=\"0.8\" points=\"\(Self.points(points))\"/>")
    }

    /// A triangle pointing up (`up`) or down with its tip at (x, y): an entry or exit marker.
    public mutating func marker(_ x: Double, _ y: Double, up: Bool, color: String, title: String) {
        let size = 6.0
        let base = up ? y + size * 1.6 : y - size * 1.6
        let points = [(x, y), (x - size, base), (x + size, base)]
        elements.append(
            "<polygon fill=\"\(color)\" stroke=\"white\" stroke-width=\"0.6\" points=\"\(Self.points(points))\"><title>\(Self.escaped(title))</title></polygon>")
    }

    /// A dot at (x, y): an exit marker.
    public mutating func dot(_ x: Double, _ y: Double, color: String, title: String) {
        elements.append(
            "<circle cx=\"\(f(x))\" cy=\"\(f(y))\" r=\"4\" fill=\"\(color)\" stroke=\"white\" stroke-width=\"0.6\"><title>\(Self.escaped(title))</title></circle>")
    }

    public var text: String {
        (["<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"\(Int(width))\" height=\"\(Int(height))\" viewBox=\"0 0 \(Int(width)) \(Int(height))\" font-family=\"DejaVu Sans, Arial, sans-serif\">"]
            + elements + ["</svg>"]).joined(separator: "\n") + "\n"
    }

    private func f(_ value: Double) -> String { String(format: "%.1f", value) }

    private static func points(_ points: [(Double, Double)]) -> String {
        points.map { String(format: "%.1f,%.1f", $0.0, $0.1) }.joined(separator: " ")
    }

    static func escaped(_ text: String) -> String {
        text.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
    }
}
