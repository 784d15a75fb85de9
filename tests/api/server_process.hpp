#pragma once
// The real `ordo serve` binary (ORDO_BINARY) as a child process on 127.0.0.1 and a free port.
#include <sys/types.h>

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

namespace ordo::api::testing {

class ServerProcess {
 public:
  // Starts `ordo serve --db <db_url> --listen 127.0.0.1:0 --port-file <dir>/port` plus `extra_args`
  // and waits (up to 30 s) until it listens. nullptr if it exits or never listens; the reason is
  // in `error` and the server's output in <work_dir>/server-<n>.log.
  static std::unique_ptr<ServerProcess> Start(const std::string& db_url, const std::string& work_dir,
                                              std::string& error, const std::vector<std::string>& extra_args = {});
  ServerProcess(pid_t pid, std::uint16_t port) : pid_(pid), port_(port) {}  // use Start()
  ~ServerProcess();  // SIGKILL if still running

  std::uint16_t port() const { return port_; }
  // Sends `signal_number` and waits for the exit; the exit code, or 128 + signal when killed.
  int StopWith(int signal_number);

 private:
  pid_t pid_;
  std::uint16_t port_;
  bool exited_ = false;
};

}  // namespace ordo::api::testing
