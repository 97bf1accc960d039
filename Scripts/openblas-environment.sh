# Sourced by the workbook's scripts. OpenBLAS chooses its kernels when the library loads, from
# OPENBLAS_CORETYPE or by detecting the CPU. OpenBLAS 0.3.21 (Debian 12) does not recognize
# newer AVX-512 Xeons and falls back to generic kernels (measured here: 31 GFLOP/s fp64 at
# n = 1024, no gain from a second thread), and some machines export OPENBLAS_CORETYPE=Haswell
# (AVX2, about half speed). On a CPU with AVX-512 the workbook asks for SkylakeX kernels
# instead (measured: 68 GFLOP/s on one thread, 138 on two). Set WORKBOOK_KEEP_OPENBLAS_CORETYPE=1
# to keep whatever the environment says.
if [ -z "${WORKBOOK_KEEP_OPENBLAS_CORETYPE:-}" ] && grep -qw avx512f /proc/cpuinfo 2>/dev/null; then
  case "${OPENBLAS_CORETYPE:-}" in
    ""|Haswell|haswell)
      export OPENBLAS_CORETYPE=SkylakeX
      echo "OPENBLAS_CORETYPE=SkylakeX (this CPU has AVX-512; see Scripts/openblas-environment.sh)"
      ;;
  esac
fi
