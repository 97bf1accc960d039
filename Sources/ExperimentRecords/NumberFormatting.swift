import Foundation
import Numerics

/// Fixed-point text with `digits` decimals ("%.4f"), the same on every machine.
public func formatted(_ value: Double, digits: Int) -> String {
    String(format: "%.\(digits)f", value)
}

/// Scientific text with `digits` decimals ("%.2e").
public func scientificFormatted(_ value: Double, digits: Int) -> String {
    String(format: "%.\(digits)e", value)
}

/// "1 epoch", "3 epochs".
public func counted(_ count: Int, _ noun: String) -> String {
    "\(count) \(noun)\(count == 1 ? "" : "s")"
}

/// Numbers as a person writes them: 5.0 → "5", 0.5 → "0.5".
public func compact(_ value: Double) -> String {
    value == value.rounded() && abs(value) < 1e15 ? String(Int(value)) : "\(value)"
}
