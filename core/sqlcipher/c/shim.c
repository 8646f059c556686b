/* Entropy for SQLCipher's libtomcrypt provider from the operating system,
 * failing closed: libtomcrypt never falls back to its clock-jitter
 * generator, and a broken system generator aborts instead of producing a
 * weak salt or IV. */
#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>
#if defined(__linux__)
#include <sys/syscall.h>
#endif

#include "cadence_ltc.h"
#include <tomcrypt.h>

int sqlcipher_extra_init(const char *arg);

long cadence_ltc_no_clock(void) { abort(); }

static int fill_getrandom(unsigned char *out, unsigned long len) {
#if defined(__linux__) && defined(SYS_getrandom)
  unsigned long done = 0;
  while (done < len) {
    long n = syscall(SYS_getrandom, out + done, len - done, 0);
    if (n < 0) {
      if (errno == EINTR) continue;
      return 0;
    }
    done += (unsigned long)n;
  }
  return 1;
#else
  (void)out;
  (void)len;
  return 0;
#endif
}

static int fill_urandom(unsigned char *out, unsigned long len) {
  unsigned long done = 0;
  int fd = open("/dev/urandom", O_RDONLY | O_CLOEXEC);
  if (fd < 0) return 0;
  while (done < len) {
    ssize_t n = read(fd, out + done, len - done);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) {
      close(fd);
      return 0;
    }
    done += (unsigned long)n;
  }
  close(fd);
  return 1;
}

static unsigned long cadence_ltc_rng(unsigned char *out, unsigned long len, void (*callback)(void)) {
  (void)callback;
  if (fill_getrandom(out, len) || fill_urandom(out, len)) return len;
  abort();
}

/* SQLITE_EXTRA_INIT: install the entropy source before SQLCipher's
 * provider is first activated. */
int cadence_sqlcipher_init(const char *arg) {
  ltc_rng = cadence_ltc_rng;
  return sqlcipher_extra_init(arg);
}
