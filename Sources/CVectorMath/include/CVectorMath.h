#ifndef WORKBOOK_C_VECTOR_MATH_H
#define WORKBOOK_C_VECTOR_MATH_H

/// erff and expf over arrays with glibc's vector math library (libmvec): sixteen lanes at a
/// time on AVX-512, eight on AVX2, the scalar libm functions otherwise. `out` may be `x`.
void workbook_erff(const float *x, float *out, long count);
void workbook_expf(const float *x, float *out, long count);

/// "AVX-512", "AVX2" or "scalar": which path the functions above take on this CPU.
const char *workbook_vector_math_path(void);

#endif
