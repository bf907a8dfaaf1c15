#ifndef SOVEREIGN_CMICROHTTPD_SHIM_H
#define SOVEREIGN_CMICROHTTPD_SHIM_H
#include <stdarg.h>
#include <stdint.h>
#include <stddef.h>
#include <sys/types.h>
#include <sys/select.h>
#include <sys/socket.h>
#include <microhttpd.h>

/* The signature of MHD_OPTION_URI_LOG_CALLBACK (the header documents it only in a comment). */
typedef void *(*SovereignURILogCallback)(void *context, const char *uri, struct MHD_Connection *connection);

/*
 * MHD_start_daemon is variadic, which Swift cannot call: this typed wrapper starts a daemon on an
 * already bound and listening socket with an internal polling thread, epoll, a thread pool and
 * suspend/resume (MHD_ALLOW_SUSPEND_RESUME implies MHD_USE_ITC, which MHD_quiesce_daemon needs).
 */
static inline struct MHD_Daemon *sovereign_mhd_start_daemon(
    int listenSocket, unsigned int threadPoolSize, size_t connectionMemoryLimit,
    unsigned int connectionLimit, unsigned int timeoutSeconds,
    MHD_AccessHandlerCallback accessHandler, void *accessContext,
    MHD_RequestCompletedCallback completedHandler, void *completedContext,
    SovereignURILogCallback uriLogHandler, void *uriLogContext)
{
    unsigned int flags = MHD_USE_INTERNAL_POLLING_THREAD | MHD_USE_EPOLL | MHD_ALLOW_SUSPEND_RESUME | MHD_USE_ITC;
    return MHD_start_daemon(
        flags, 0, NULL, NULL, accessHandler, accessContext,
        MHD_OPTION_LISTEN_SOCKET, (MHD_socket) listenSocket,
        MHD_OPTION_THREAD_POOL_SIZE, threadPoolSize,
        MHD_OPTION_CONNECTION_MEMORY_LIMIT, connectionMemoryLimit,
        MHD_OPTION_CONNECTION_LIMIT, connectionLimit,
        MHD_OPTION_CONNECTION_TIMEOUT, timeoutSeconds,
        MHD_OPTION_NOTIFY_COMPLETED, completedHandler, completedContext,
        MHD_OPTION_URI_LOG_CALLBACK, uriLogHandler, uriLogContext,
        MHD_OPTION_END);
}

/* MHD_get_connection_info is variadic: the client's socket address, or NULL. */
static inline const struct sockaddr *sovereign_mhd_client_address(struct MHD_Connection *connection)
{
    const union MHD_ConnectionInfo *info = MHD_get_connection_info(connection, MHD_CONNECTION_INFO_CLIENT_ADDRESS);
    return info == NULL ? NULL : info->client_addr;
}
#endif
