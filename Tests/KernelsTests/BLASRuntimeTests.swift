import XCTest
@testable import Kernels

final class BLASRuntimeTests: XCTestCase {
    private let avx512 = CPUFeatures(flags: ["avx2", "fma", "avx512f", "avx512bw", "avx512vl", "avx512dq", "avx512_bf16"])
    private let avx2 = CPUFeatures(flags: ["avx", "avx2", "fma"])

    func testRestartsWithSkylakeXWhenAVX512CPUGotHaswellKernels() {
        XCTAssertEqual(chooseKernels(features: avx512, loadedCore: "Haswell", userCoreType: nil).action,
                       .restart(coreType: "SKYLAKEX"))
        XCTAssertEqual(chooseKernels(features: avx512, loadedCore: "Zen", userCoreType: nil).action,
                       .restart(coreType: "SKYLAKEX"))
    }

    func testKeepsUserChoiceAndAVX512KernelsAndAVX2CPUs() {
        XCTAssertEqual(chooseKernels(features: avx512, loadedCore: "Haswell", userCoreType: "HASWELL").action, .keep)
        XCTAssertEqual(chooseKernels(features: avx512, loadedCore: "SkylakeX", userCoreType: nil).action, .keep)
        XCTAssertEqual(chooseKernels(features: avx512, loadedCore: "Cooperlake", userCoreType: nil).action, .keep)
        XCTAssertEqual(chooseKernels(features: avx2, loadedCore: "Zen", userCoreType: nil).action, .keep)
        // AVX-512F alone (no BW/VL/DQ, e.g. Knights Landing) cannot run the SKYLAKEX kernels.
        XCTAssertEqual(chooseKernels(features: CPUFeatures(flags: ["avx512f"]), loadedCore: "Haswell", userCoreType: nil).action, .keep)
    }

    func testEnvironmentChangesForTheRestart() {
        let restart = chooseKernels(features: avx512, loadedCore: "Haswell", userCoreType: nil)
        let keep = chooseKernels(features: avx2, loadedCore: "Zen", userCoreType: nil)
        XCTAssertEqual(blasEnvironmentChanges(kernels: restart, threads: 2, environment: [:]),
                       ["OPENBLAS_CORETYPE": "SKYLAKEX", "OPENBLAS_THREAD_TIMEOUT": "4"])
        XCTAssertEqual(blasEnvironmentChanges(kernels: keep, threads: 2, environment: [:]), ["OPENBLAS_THREAD_TIMEOUT": "4"])
        XCTAssertEqual(blasEnvironmentChanges(kernels: keep, threads: 1, environment: [:]), [:])
        XCTAssertEqual(blasEnvironmentChanges(kernels: keep, threads: 2, environment: ["OPENBLAS_THREAD_TIMEOUT": "20"]), [:])
        XCTAssertEqual(blasEnvironmentChanges(kernels: restart, threads: 2, environment: ["GOTO_THREAD_TIMEOUT": "20"]),
                       ["OPENBLAS_CORETYPE": "SKYLAKEX"])
    }

    func testReportsSayWhenTheUserChoseTheKernels() {
        XCTAssertEqual(blasCoreLabel(core: "SkylakeX", environment: [:]), "SkylakeX")
        XCTAssertEqual(blasCoreLabel(core: "Haswell", environment: ["OPENBLAS_CORETYPE": "Haswell"]),
                       "Haswell (OPENBLAS_CORETYPE=Haswell in the environment)")
        XCTAssertEqual(blasCoreLabel(core: "Haswell", environment: ["OPENBLAS_CORETYPE": ""]), "Haswell")
        // Set by this code's own restart: the CPU's best, not the user's choice.
        let restarted = ["OPENBLAS_CORETYPE": "SKYLAKEX",
                         restartMarker: restartMarkerValue(changes: ["OPENBLAS_CORETYPE": "SKYLAKEX", "OPENBLAS_THREAD_TIMEOUT": "4"],
                                                           reason: "CPU has AVX-512")]
        XCTAssertEqual(blasCoreLabel(core: "SkylakeX", environment: restarted), "SkylakeX")
        // Restarted only for the thread timeout: the core type was the user's.
        let timeoutOnly = ["OPENBLAS_CORETYPE": "Haswell",
                           restartMarker: restartMarkerValue(changes: ["OPENBLAS_THREAD_TIMEOUT": "4"],
                                                             reason: "OPENBLAS_CORETYPE=Haswell set by the user")]
        XCTAssertEqual(blasCoreLabel(core: "Haswell", environment: timeoutOnly),
                       "Haswell (OPENBLAS_CORETYPE=Haswell in the environment)")
    }

    func testReportsTheLoadedLibrary() {
        XCTAssertFalse(BLASRuntime.coreName.isEmpty)
        XCTAssertGreaterThanOrEqual(BLASRuntime.threads, 1)
        let line = BLASRuntime.describe(KernelChoice(action: .keep, reason: "test"))
        XCTAssertTrue(line.contains(BLASRuntime.coreName), line)
    }
}
