import CBF16

/// The arithmetic of the linear layers' and attention's products (q·kᵀ and p·v). Norms, softmax and
/// the final yes − no row are fp32 in both.
public enum Precision: String, Sendable, Equatable, CaseIterable {
    /// fp32 inputs and accumulation (OpenBLAS sgemm): the reference.
    case fp32
    /// bf16 inputs (activations rounded to nearest even, weights as stored), fp32 accumulation.
    case bf16
}

/// What a user asks for: a precision, or `auto` (bf16 where the CPU has AVX512-BF16, fp32
/// elsewhere, decided when the engine starts, never by how the binary was built).
public enum PrecisionSetting: String, Sendable, Equatable, CaseIterable {
    case auto, fp32, bf16

    /// The precision this setting runs in on a CPU with (or without) AVX512-BF16.
    public func resolve(hasAVX512BF16: Bool) -> Precision {
        switch self {
        case .auto: return hasAVX512BF16 ? .bf16 : .fp32
        case .fp32: return .fp32
        case .bf16: return .bf16
        }
    }

    /// The precision on this CPU.
    public func resolve() -> Precision { resolve(hasAVX512BF16: BF16Kernels.available) }
}

/// The AVX512-BF16 kernels (Sources/CBF16): whether this CPU runs them, read once from cpuid
/// (with the OS's saved-state check) at run time.
public enum BF16Kernels {
    public static let available: Bool = cbf16_cpu_has_avx512bf16() != 0
}

/// How the linear layers' products are computed: the precision and the kernels that run it, as a
/// value a report or a model card can show.
public struct ArithmeticDescription: Sendable, Equatable, Codable {
    public enum Kernel: String, Sendable, Equatable, Codable {
        /// OpenBLAS sgemm on fp32 values (bf16 weights widened first).
        case sgemm
        /// vdpbf16ps (AVX512-BF16) on bf16 weights read in place.
        case avx512bf16
        /// bf16-rounded activations and bf16 weights multiplied by sgemm: the same products (a
        /// product of two bf16 values is exact in fp32), summed in another order; on CPUs without
        /// AVX512-BF16, at fp32 speed.
        case emulatedBF16 = "emulated-bf16"
    }
    /// The setting as given ("auto", "fp32", "bf16").
    public var setting: String
    /// What it resolved to ("fp32" or "bf16").
    public var precision: String
    public var kernel: Kernel

    public init(setting: PrecisionSetting, precision: Precision, kernel: Kernel) {
        self.setting = setting.rawValue; self.precision = precision.rawValue; self.kernel = kernel
    }

    /// What `setting` runs as on a CPU with or without AVX512-BF16 (this one unless told).
    public init(resolving setting: PrecisionSetting, hasAVX512BF16: Bool = BF16Kernels.available) {
        let precision = setting.resolve(hasAVX512BF16: hasAVX512BF16)
        let kernel: Kernel
        switch precision {
        case .fp32: kernel = .sgemm
        case .bf16: kernel = hasAVX512BF16 ? .avx512bf16 : .emulatedBF16
        }
        self.init(setting: setting, precision: precision, kernel: kernel)
    }

    /// The resolved precision as a typed value.
    public var resolved: Precision { Precision(rawValue: precision) ?? .fp32 }

    /// One line, e.g. "bf16 (auto; AVX512-BF16 kernels)".
    public var text: String {
        let how: String
        switch kernel {
        case .sgemm: how = "OpenBLAS sgemm"
        case .avx512bf16: how = "AVX512-BF16 kernels"
        case .emulatedBF16: how = "bf16 emulated with sgemm: this CPU lacks AVX512-BF16"
        }
        return "\(precision) (\(setting); \(how))"
    }
}
