#pragma once
// The OpenAPI 3.0 document, generated from the route table so that it cannot miss a route:
// one operation per RouteSpec (path parameters from the pattern's {captures}, the declared
// query parameters and headers, request and success schemas, `x-permission`), every error
// response as a Problem, and the component schemas.
#include <string>
#include <string_view>

#include "api/router.hpp"

namespace ordo::api {

std::string BuildOpenApiDocument(const Router& router, std::string_view version);

}  // namespace ordo::api
