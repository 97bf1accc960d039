#include "CMachinePeak.h"
#include <immintrin.h>
#include <time.h>

static double now(void) {
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + 1e-9 * (double)t.tv_nsec;
}

static volatile double sink;

/* 16 independent accumulators hide the FMA latency on two FMA ports. */
#define PEAK_LOOP(vec, set1, fma, add, lanes)                                         \
    vec acc[16];                                                                       \
    for (int k = 0; k < 16; k++) acc[k] = set1(1.0 + 1e-3 * k);                        \
    const vec a = set1(0.999999), b = set1(1e-7);                                      \
    long fmas = 0;                                                                     \
    double start = now(), elapsed;                                                     \
    do {                                                                               \
        for (long i = 0; i < 100000; i++)                                              \
            for (int k = 0; k < 16; k++) acc[k] = fma(acc[k], a, b);                   \
        fmas += 100000L * 16;                                                          \
        elapsed = now() - start;                                                       \
    } while (elapsed < seconds);                                                       \
    vec total = acc[0];                                                                \
    for (int k = 1; k < 16; k++) total = add(total, acc[k]);                           \
    sink = ((unsigned char *)&total)[0];   /* keeps the chains from being optimized away */ \
    return 2.0 * lanes * (double)fmas / elapsed / 1e9;

__attribute__((target("avx512f"))) static double peak_avx512_float(double seconds) {
    PEAK_LOOP(__m512, _mm512_set1_ps, _mm512_fmadd_ps, _mm512_add_ps, 16)
}
__attribute__((target("avx512f"))) static double peak_avx512_double(double seconds) {
    PEAK_LOOP(__m512d, _mm512_set1_pd, _mm512_fmadd_pd, _mm512_add_pd, 8)
}
__attribute__((target("avx2,fma"))) static double peak_avx2_float(double seconds) {
    PEAK_LOOP(__m256, _mm256_set1_ps, _mm256_fmadd_ps, _mm256_add_ps, 8)
}
__attribute__((target("avx2,fma"))) static double peak_avx2_double(double seconds) {
    PEAK_LOOP(__m256d, _mm256_set1_pd, _mm256_fmadd_pd, _mm256_add_pd, 4)
}

const char *workbook_fma_peak_vectors(void) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f")) return "AVX-512";
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "AVX2";
    return "none";
}

double workbook_fma_peak_gflops(int double_precision, double seconds) {
    __builtin_cpu_init();
    if (__builtin_cpu_supports("avx512f"))
        return double_precision ? peak_avx512_double(seconds) : peak_avx512_float(seconds);
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma"))
        return double_precision ? peak_avx2_double(seconds) : peak_avx2_float(seconds);
    return 0;
}
