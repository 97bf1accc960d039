// One module for OpenBLAS and GSL. Both ship a CBLAS header and define its enums differently,
// so OpenBLAS's cblas.h comes first and GSL's own gsl_cblas.h is kept out by its include
// guard: GSL's BLAS calls then bind to OpenBLAS (the module links openblas before gsl).
#include <cblas.h>
#define __GSL_CBLAS_H__
#include <gsl/gsl_errno.h>
#include <gsl/gsl_math.h>
#include <gsl/gsl_deriv.h>
#include <gsl/gsl_rng.h>
#include <gsl/gsl_randist.h>
#include <gsl/gsl_eigen.h>
#include <gsl/gsl_linalg.h>
#include <gsl/gsl_multimin.h>
#include <gsl/gsl_blas.h>
#include <gsl/gsl_statistics_double.h>
