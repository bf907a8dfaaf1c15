import CJQ
import Model

/// Conversion between `JSONValue` and libjq's `jv`, built directly with `jv_*` calls.
///
/// Ownership follows libjq: nearly every `jv_*` call consumes its `jv` arguments, so each function
/// here says whether it consumes.
enum JVConversion {
    /// A new `jv` (owned by the caller) holding `value`.
    static func makeJV(_ value: JSONValue) -> jv {
        switch value {
        case .null: return jv_null()
        case .bool(let flag): return flag ? jv_true() : jv_false()
        case .integer(let integer): return jv_number(Double(integer))
        case .number(let number): return jv_number(number)
        case .string(let string): return makeString(string)
        case .array(let elements):
            var array = jv_array()
            for element in elements {
                array = jv_array_append(array, makeJV(element))  // consumes both, returns the array
            }
            return array
        case .object(let members):
            var object = jv_object()
            for (key, member) in members {
                object = jv_object_set(object, makeString(key), makeJV(member))
            }
            return object
        }
    }

    static func makeString(_ string: String) -> jv {
        var string = string
        // `withUTF8` gives a contiguous buffer; jv_string_sized copies it (and checks UTF-8).
        return string.withUTF8 { buffer in
            guard let base = buffer.baseAddress, buffer.count > 0 else { return jv_string("") }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                jv_string_sized($0, Int32(buffer.count))
            }
        }
    }

    /// The `JSONValue` of `value`; consumes `value`.
    ///
    /// A number that is integral and fits `Int64` becomes `.integer`, any other `.number`; jq has
    /// only doubles, so large integers have already lost precision inside jq.
    static func jsonValue(consuming value: jv) -> JSONValue {
        defer { jv_free(value) }
        return jsonValue(borrowing: value)
    }

    /// The `JSONValue` of `value` without consuming it.
    static func jsonValue(borrowing value: jv) -> JSONValue {
        switch jv_get_kind(value) {
        case JV_KIND_NULL, JV_KIND_INVALID:
            return .null
        case JV_KIND_TRUE:
            return .bool(true)
        case JV_KIND_FALSE:
            return .bool(false)
        case JV_KIND_NUMBER:
            let number = jv_number_value(value)
            // 2^63 is exactly representable; Int64 covers [-2^63, 2^63).
            // (Int64(_:) truncates; comparing back avoids `rounded`, which needs libm here.)
            if number >= -9.223372036854775808e18, number < 9.223372036854775808e18,
               Double(Int64(number)) == number {
                return .integer(Int64(number))
            }
            return .number(number)
        case JV_KIND_STRING:
            return .string(string(borrowing: value))
        case JV_KIND_ARRAY:
            let count = Int(jv_array_length(jv_copy(value)))
            var elements: [JSONValue] = []
            elements.reserveCapacity(count)
            for index in 0..<count {
                elements.append(jsonValue(consuming: jv_array_get(jv_copy(value), Int32(index))))
            }
            return .array(elements)
        case JV_KIND_OBJECT:
            var members: [String: JSONValue] = [:]
            var iterator = jv_object_iter(value)  // the iteration calls do not consume
            while jv_object_iter_valid(value, iterator) != 0 {
                let key = jv_object_iter_key(value, iterator)
                members[string(borrowing: key)] = jsonValue(consuming: jv_object_iter_value(value, iterator))
                jv_free(key)
                iterator = jv_object_iter_next(value, iterator)
            }
            return .object(members)
        default:
            return .null
        }
    }

    /// The text of a string `jv`, without consuming it.
    static func string(borrowing value: jv) -> String {
        let length = Int(jv_string_length_bytes(jv_copy(value)))
        guard length > 0, let pointer = jv_string_value(value) else { return "" }
        return pointer.withMemoryRebound(to: UInt8.self, capacity: length) {
            String(decoding: UnsafeBufferPointer(start: $0, count: length), as: UTF8.self)
        }
    }

    /// A message for a jq error value: strings as they are, anything else as JSON text (jq's
    /// `error({…})` can raise any value). Consumes `value`.
    static func message(consuming value: jv) -> String {
        if jv_get_kind(value) == JV_KIND_STRING {
            defer { jv_free(value) }
            return string(borrowing: value)
        }
        return jsonValue(consuming: value).jsonText + " (not a string)"
    }
}
