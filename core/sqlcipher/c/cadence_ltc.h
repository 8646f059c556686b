/* The one libtomcrypt configuration, shared by SQLCipher and every
 * libtomcrypt unit so that struct layouts agree: only what SQLCipher's
 * libtomcrypt provider calls. */
#ifndef CADENCE_LTC_H
#define CADENCE_LTC_H

#define LTC_NOTHING
#define LTC_RIJNDAEL
#define LTC_CBC_MODE
#define LTC_SHA1
#define LTC_SHA256
#define LTC_SHA512
#define LTC_HASH_HELPERS
#define LTC_HMAC
#define LTC_FORTUNA
#define LTC_PKCS_5
#define LTC_RNG_GET_BYTES
#define LTC_PRNG_ENABLE_LTC_RNG
#define LTC_NO_TEST
#define LTC_NO_FILE
#define LTC_NO_MATH
#define LTC_CLEAN_STACK
/* Bad arguments return CRYPT_INVALID_ARG instead of raising a signal. */
#define ARGTYPE 4
/* rng_get_bytes ends in a clock-jitter generator: reaching it must abort. */
#define XCLOCK cadence_ltc_no_clock
#define XCLOCKS_PER_SEC 1
long cadence_ltc_no_clock(void);

#endif
