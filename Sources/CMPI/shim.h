// Open MPI's C interface for Swift. Its handles (MPI_COMM_WORLD, MPI_FLOAT, MPI_SUM, …) are
// macros that cast the address of a library global, which Swift cannot import, so each is
// returned by a small inline function here.
#include <mpi.h>

static inline MPI_Comm workbook_mpi_comm_world(void) { return MPI_COMM_WORLD; }
static inline MPI_Datatype workbook_mpi_float(void) { return MPI_FLOAT; }
static inline MPI_Datatype workbook_mpi_double(void) { return MPI_DOUBLE; }
static inline MPI_Datatype workbook_mpi_long(void) { return MPI_LONG; }
static inline MPI_Op workbook_mpi_sum(void) { return MPI_SUM; }
static inline MPI_Op workbook_mpi_max(void) { return MPI_MAX; }
static inline MPI_Errhandler workbook_mpi_errors_return(void) { return MPI_ERRORS_RETURN; }
static inline MPI_Status *workbook_mpi_status_ignore(void) { return MPI_STATUS_IGNORE; }
static inline void *workbook_mpi_in_place(void) { return MPI_IN_PLACE; }
