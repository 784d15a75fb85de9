#include "server_process.hpp"

#include <fcntl.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <thread>

#ifndef ORDO_BINARY
#error "ORDO_BINARY must name the ordo executable"
#endif

namespace ordo::api::testing {

std::unique_ptr<ServerProcess> ServerProcess::Start(const std::string& db_url, const std::string& work_dir,
                                                    std::string& error, const std::vector<std::string>& extra_args) {
  static int start_count = 0;
  const std::string port_file = work_dir + "/port";
  const std::string log_file = work_dir + "/server-" + std::to_string(++start_count) + ".log";
  std::filesystem::remove(port_file);
  std::vector<std::string> args = {ORDO_BINARY, "serve", "--db", db_url, "--listen", "127.0.0.1:0", "--port-file",
                                   port_file, "--threads", "2", "--dev-insecure-key"};
  args.insert(args.end(), extra_args.begin(), extra_args.end());

  const pid_t pid = fork();
  if (pid < 0) {
    error = "fork failed";
    return nullptr;
  }
  if (pid == 0) {
    const int log_fd = open(log_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (log_fd >= 0) {
      dup2(log_fd, STDOUT_FILENO);
      dup2(log_fd, STDERR_FILENO);
    }
    std::vector<char*> argv;
    for (std::string& arg : args) argv.push_back(arg.data());
    argv.push_back(nullptr);
    execv(argv[0], argv.data());
    _exit(127);
  }
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (std::chrono::steady_clock::now() < deadline) {
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      error = "ordo serve exited early; see " + log_file;
      return nullptr;
    }
    std::ifstream in(port_file);
    unsigned port = 0;
    if (in >> port && port > 0) return std::make_unique<ServerProcess>(pid, static_cast<std::uint16_t>(port));
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  error = "ordo serve did not listen within 30 s; see " + log_file;
  return nullptr;
}

ServerProcess::~ServerProcess() {
  if (!exited_) StopWith(SIGKILL);
}

int ServerProcess::StopWith(int signal_number) {
  if (exited_) return -1;
  kill(pid_, signal_number);
  int status = 0;
  waitpid(pid_, &status, 0);
  exited_ = true;
  if (WIFEXITED(status)) return WEXITSTATUS(status);
  if (WIFSIGNALED(status)) return 128 + WTERMSIG(status);
  return -1;
}

}  // namespace ordo::api::testing
