#define _GNU_SOURCE
#include "csandbox.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/landlock.h>
#include <sys/prctl.h>
#include <sys/syscall.h>
#include <unistd.h>

// Debian 12's kernel headers predate Landlock ABI 3; the value is fixed by the kernel's ABI.
#ifndef LANDLOCK_ACCESS_FS_TRUNCATE
#define LANDLOCK_ACCESS_FS_TRUNCATE (1ULL << 14)
#endif

// Landlock ABI 4 (Linux 6.7) restricts TCP by port; Debian 12's headers do not have it. These are
// the kernel's ABI: the ruleset attribute grew a second field, and rules of type 2 name a port.
struct csandbox_ruleset_attr {
    __u64 handled_access_fs;
    __u64 handled_access_net;
};
struct csandbox_net_port_attr {
    __u64 allowed_access;
    __u64 port;
} __attribute__((packed));
#define CSANDBOX_RULE_NET_PORT 2
#define CSANDBOX_ACCESS_NET_BIND_TCP (1ULL << 0)
#define CSANDBOX_ACCESS_NET_CONNECT_TCP (1ULL << 1)

int csandbox_no_new_privs(void) {
    return prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0) == 0 ? 0 : -errno;
}

int csandbox_landlock_abi(void) {
    long abi = syscall(SYS_landlock_create_ruleset, NULL, 0, LANDLOCK_CREATE_RULESET_VERSION);
    return abi < 0 ? -errno : (int)abi;
}

/// Write-side rights of each ABI version: v1 basics, v2 REFER, v3 TRUNCATE.
static __u64 handled_rights(int abi) {
    __u64 rights = LANDLOCK_ACCESS_FS_EXECUTE | LANDLOCK_ACCESS_FS_WRITE_FILE | LANDLOCK_ACCESS_FS_REMOVE_DIR
        | LANDLOCK_ACCESS_FS_REMOVE_FILE | LANDLOCK_ACCESS_FS_MAKE_CHAR | LANDLOCK_ACCESS_FS_MAKE_DIR
        | LANDLOCK_ACCESS_FS_MAKE_REG | LANDLOCK_ACCESS_FS_MAKE_SOCK | LANDLOCK_ACCESS_FS_MAKE_FIFO
        | LANDLOCK_ACCESS_FS_MAKE_BLOCK | LANDLOCK_ACCESS_FS_MAKE_SYM;
    if (abi >= 2) rights |= LANDLOCK_ACCESS_FS_REFER;
    if (abi >= 3) rights |= LANDLOCK_ACCESS_FS_TRUNCATE;
    return rights;
}

static int add_port_rule(int ruleset, __u64 access, int port) {
    struct csandbox_net_port_attr rule = { .allowed_access = access, .port = (__u64)port };
    return syscall(SYS_landlock_add_rule, ruleset, CSANDBOX_RULE_NET_PORT, &rule, 0) == 0 ? 0 : -errno;
}

int csandbox_landlock_restrict(const char *const *paths, int count, const int *connect_ports, int connect_count,
                               const int *bind_ports, int bind_count) {
    int abi = csandbox_landlock_abi();
    if (abi < 0) return abi;
    __u64 handled = handled_rights(abi);
    int network = abi >= 4 && connect_ports != 0;
    struct csandbox_ruleset_attr attributes = {
        .handled_access_fs = handled,
        .handled_access_net = network ? CSANDBOX_ACCESS_NET_BIND_TCP | CSANDBOX_ACCESS_NET_CONNECT_TCP : 0 };
    // Before ABI 4 the kernel knows only the first field.
    size_t size = network ? sizeof(attributes) : sizeof(attributes.handled_access_fs);
    int ruleset = (int)syscall(SYS_landlock_create_ruleset, &attributes, size, 0);
    if (ruleset < 0) return -errno;
    int result = 0;
    for (int index = 0; network && index < connect_count && result == 0; index++) {
        result = add_port_rule(ruleset, CSANDBOX_ACCESS_NET_CONNECT_TCP, connect_ports[index]);
    }
    for (int index = 0; network && index < bind_count && result == 0; index++) {
        result = add_port_rule(ruleset, CSANDBOX_ACCESS_NET_BIND_TCP, bind_ports[index]);
    }
    for (int index = 0; index < count && result == 0; index++) {
        int folder = open(paths[index], O_PATH | O_CLOEXEC | O_DIRECTORY);
        if (folder < 0) { result = -errno; break; }
        // Everything but executing, beneath the allowed folder.
        struct landlock_path_beneath_attr beneath = {
            .allowed_access = handled & ~(__u64)LANDLOCK_ACCESS_FS_EXECUTE, .parent_fd = folder };
        if (syscall(SYS_landlock_add_rule, ruleset, LANDLOCK_RULE_PATH_BENEATH, &beneath, 0) != 0) result = -errno;
        close(folder);
    }
    if (result == 0 && syscall(SYS_landlock_restrict_self, ruleset, 0) != 0) result = -errno;
    close(ruleset);
    return result;
}
