/* throttle.h - how long failed logins must wait.
 *
 * Failures are counted per (username, address) and per address, never per
 * username alone: a stranger's failures must not keep the account's owner
 * out from another address. Each key may fail `free_failures` times
 * without delay; every further failure doubles the wait, starting at 2 s,
 * up to cap seconds. A key forgets its failures after a quiet window. */
#ifndef FQ_THROTTLE_H
#define FQ_THROTTLE_H

#include <stdint.h>

/* Seconds to block a key after its failures-th consecutive failure. */
int64_t throttle_delay(int64_t failures, int64_t free_failures, int64_t cap);

#endif
