#pragma once
// Retention as SQL over one Connection: anonymise personal data after N days, archive old
// orders with their timelines, erase a data subject's personal data on request. Each function
// does a bounded chunk so one write unit stays short; callers loop until it returns 0.
#include <cstdint>

#include "core/result.hpp"
#include "store/detail/connection.hpp"
#include "store/store.hpp"

namespace ordo::store::detail {

inline constexpr int kRetentionChunk = 500;

// Anonymises up to kRetentionChunk orders created before `cutoff` (not yet anonymised).
core::Result<std::int64_t> AnonymiseChunk(Connection& connection, core::UnixMillis cutoff, core::UnixMillis now);
// Anonymises every order of the data subject (at most kRetentionChunk per call).
core::Result<std::int64_t> EraseChunk(Connection& connection, const ErasureRequest& request, const FieldCipher* cipher,
                                      core::UnixMillis now);
// Moves up to kRetentionChunk orders created before `cutoff`, and their events, to the archive.
core::Result<std::int64_t> ArchiveChunk(Connection& connection, core::UnixMillis cutoff, core::UnixMillis now);

}  // namespace ordo::store::detail
