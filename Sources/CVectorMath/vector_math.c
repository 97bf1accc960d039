#include "CVectorMath.h"
#include <immintrin.h>
#include <math.h>

/* libmvec's entry points (x86_64 vector function ABI, glibc >= 2.35 for erff). */
__attribute__((target("avx512f"))) __m512 _ZGVeN16v_erff(__m512 x);
__attribute__((target("avx512f"))) __m512 _ZGVeN16v_expf(__m512 x);
__attribute__((target("avx2,fma"))) __m256 _ZGVdN8v_erff(__m256 x);
__attribute__((target("avx2,fma"))) __m256 _ZGVdN8v_expf(__m256 x);

enum path { SCALAR, AVX2, AVX512 };

static enum path chosen_path(void) {
    static int path = -1;
    if (path < 0) {
        __builtin_cpu_init();
        path = __builtin_cpu_supports("avx512f") ? AVX512 : __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") ? AVX2 : SCALAR;
    }
    return (enum path)path;
}

const char *workbook_vector_math_path(void) {
    switch (chosen_path()) {
    case AVX512: return "AVX-512";
    case AVX2: return "AVX2";
    default: return "scalar";
    }
}

/* The last partial vector is loaded and stored under a mask, so every element goes through
   the same vector code wherever it sits in the array. */
#define DEFINE_AVX512(name, vector_function)                                             \
    __attribute__((target("avx512f"))) static void name(const float *x, float *out, long n) { \
        for (long i = 0; i < n; i += 16) {                                              \
            long left = n - i;                                                          \
            __mmask16 mask = left >= 16 ? (__mmask16)0xFFFF : (__mmask16)((1u << left) - 1); \
            __m512 v = _mm512_maskz_loadu_ps(mask, x + i);                              \
            _mm512_mask_storeu_ps(out + i, mask, vector_function(v));                   \
        }                                                                               \
    }

#define DEFINE_AVX2(name, vector_function, scalar_function)                             \
    __attribute__((target("avx2,fma"))) static void name(const float *x, float *out, long n) { \
        long i = 0;                                                                     \
        for (; i + 8 <= n; i += 8) _mm256_storeu_ps(out + i, vector_function(_mm256_loadu_ps(x + i))); \
        if (i < n) {                                                                    \
            float tail[8] = {0};                                                        \
            for (long j = i; j < n; j++) tail[j - i] = x[j];                            \
            _mm256_storeu_ps(tail, vector_function(_mm256_loadu_ps(tail)));             \
            for (long j = i; j < n; j++) out[j] = tail[j - i];                          \
        }                                                                               \
    }

DEFINE_AVX512(erff_avx512, _ZGVeN16v_erff)
DEFINE_AVX512(expf_avx512, _ZGVeN16v_expf)
DEFINE_AVX2(erff_avx2, _ZGVdN8v_erff, erff)
DEFINE_AVX2(expf_avx2, _ZGVdN8v_expf, expf)

void workbook_erff(const float *x, float *out, long count) {
    switch (chosen_path()) {
    case AVX512: erff_avx512(x, out, count); break;
    case AVX2: erff_avx2(x, out, count); break;
    default: for (long i = 0; i < count; i++) out[i] = erff(x[i]);
    }
}

void workbook_expf(const float *x, float *out, long count) {
    switch (chosen_path()) {
    case AVX512: expf_avx512(x, out, count); break;
    case AVX2: expf_avx2(x, out, count); break;
    default: for (long i = 0; i < count; i++) out[i] = expf(x[i]);
    }
}
