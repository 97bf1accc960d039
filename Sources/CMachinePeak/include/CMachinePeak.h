#ifndef WORKBOOK_C_MACHINE_PEAK_H
#define WORKBOOK_C_MACHINE_PEAK_H

/// The core's peak floating-point rate in GFLOP/s, measured: independent chains of fused
/// multiply-adds in the widest vectors the CPU has (AVX-512, else AVX2), run for about
/// `seconds`. A matrix product can at best reach this on one core.
double workbook_fma_peak_gflops(int double_precision, double seconds);

/// "AVX-512", "AVX2" or "none" (no FMA: the probe returns 0).
const char *workbook_fma_peak_vectors(void);

#endif
