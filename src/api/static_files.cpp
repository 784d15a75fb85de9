// The console's files under `/` (`ordo serve --static-dir web/dist`).
//
// Safety: the path is percent-decoded, then refused if any segment is empty, "." or "..",
// starts with '.', or holds a backslash or NUL; the resolved file must still lie under the
// canonical root (no symlink escapes). Files are read on the I/O thread: they are the
// console's few small assets, and the page cache serves them.
#include <filesystem>
#include <fstream>
#include <string>

#include "api/handlers.hpp"
#include "api/query_string.hpp"
#include "api/reply.hpp"

namespace ordo::api {
namespace {

namespace fs = std::filesystem;
constexpr std::uintmax_t kMaxStaticFileBytes = 16u << 20;

std::string_view ContentTypeFor(const fs::path& file) {
  const std::string extension = file.extension().string();
  if (extension == ".html") return "text/html; charset=utf-8";
  if (extension == ".js" || extension == ".mjs") return "text/javascript; charset=utf-8";
  if (extension == ".css") return "text/css; charset=utf-8";
  if (extension == ".json" || extension == ".map") return "application/json";
  if (extension == ".svg") return "image/svg+xml";
  if (extension == ".png") return "image/png";
  if (extension == ".jpg" || extension == ".jpeg") return "image/jpeg";
  if (extension == ".ico") return "image/x-icon";
  if (extension == ".woff2") return "font/woff2";
  if (extension == ".txt") return "text/plain; charset=utf-8";
  return "application/octet-stream";
}

// The relative path for `decoded_path`, or "" when it is unsafe.
std::string SafeRelativePath(std::string_view decoded_path) {
  if (decoded_path.empty() || decoded_path.front() != '/') return {};
  if (decoded_path == "/") return "index.html";
  std::string_view rest = decoded_path.substr(1);
  for (;;) {
    const std::size_t slash = rest.find('/');
    const std::string_view segment = rest.substr(0, slash);
    if (segment.empty() || segment.front() == '.') return {};
    if (segment.find('\\') != std::string_view::npos || segment.find('\0') != std::string_view::npos) return {};
    if (slash == std::string_view::npos) break;
    rest.remove_prefix(slash + 1);
  }
  return std::string(decoded_path.substr(1));
}

bool ReadFileInto(const fs::path& file, Response& response) {
  std::error_code ec;
  const std::uintmax_t size = fs::file_size(file, ec);
  if (ec || size > kMaxStaticFileBytes) return false;
  std::ifstream in(file, std::ios::binary);
  if (!in) return false;
  response.body.Clear();
  char* out = response.body.Push(static_cast<std::size_t>(size));
  in.read(out, static_cast<std::streamsize>(size));
  return static_cast<std::uintmax_t>(in.gcount()) == size;
}

void ServeStatic(const fs::path& root, const ExchangePtr& exchange) {
  const Request& request = exchange->request;
  auto not_found = [&] {
    FinishWithProblem(exchange, core::MakeError(core::ErrorCode::kNotFound, "no such file"));
  };
  core::Result<std::string> decoded = PercentDecode(request.path);
  if (!decoded) return not_found();
  const std::string relative = SafeRelativePath(*decoded);
  if (relative.empty()) return not_found();

  std::error_code ec;
  fs::path file = fs::weakly_canonical(root / relative, ec);
  const std::string root_text = root.string() + "/";
  if (ec || !file.string().starts_with(root_text)) return not_found();
  if (!fs::is_regular_file(file, ec)) {
    // Client-side routes of the console (/orders/42) get its index page; missing assets 404.
    if (fs::path(relative).has_extension()) return not_found();
    file = root / "index.html";
  }
  if (!ReadFileInto(file, exchange->response)) return not_found();
  exchange->response.content_type = ContentTypeFor(file);
  if (file.filename() == "index.html") exchange->response.AddHeader("Cache-Control", "no-cache");
  exchange->response.AddHeader("X-Content-Type-Options", "nosniff");
  exchange->Finish();
}

}  // namespace

void SetStaticFallback(Router& router, std::string root) {
  if (root.empty()) return;
  std::error_code ec;
  fs::path canonical_root = fs::canonical(root, ec);
  if (ec) return;  // serve checked it exists before; a vanished folder serves nothing
  router.SetFallback([canonical_root](const ExchangePtr& exchange) { ServeStatic(canonical_root, exchange); });
}

}  // namespace ordo::api
