#pragma once
// WooCommerce returns product names HTML-escaped ("Ship Your Idea &ndash; Color: Black"): the
// REST API hands out what WordPress stores for display. Internal to the channels module.
#include <string>
#include <string_view>

namespace ordo::channels::detail {

// Decodes &amp; &lt; &gt; &quot; &apos; &nbsp; &ndash; &mdash; &hellip; and numeric references
// (&#8211; &#x2013;) into UTF-8. Anything else (unknown names, a lone '&', references to
// control characters or surrogates) is kept as written.
std::string DecodeHtmlEntities(std::string_view text);

}  // namespace ordo::channels::detail
