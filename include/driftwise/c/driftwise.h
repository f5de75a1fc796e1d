/*
 * File: driftwise/c/driftwise.h
 *
 * The whole driftwise C ABI in one include. See driftwise/c/common.h for
 * the conventions every function follows.
 */
#ifndef DRIFTWISE_C_DRIFTWISE_H
#define DRIFTWISE_C_DRIFTWISE_H

#include "driftwise/c/assess.h"
#include "driftwise/c/audit.h"
#include "driftwise/c/audit_pack.h"
#include "driftwise/c/common.h"
#include "driftwise/c/drift.h"
#include "driftwise/c/drift_result.h"
#include "driftwise/c/noise.h"
#include "driftwise/c/plan.h"
#include "driftwise/c/state.h"

#endif /* DRIFTWISE_C_DRIFTWISE_H */
