import Foundation
import HTTPServer
import Model

extension APIOperation {
    /// `GET /swagger/v1/swagger.json`
    static let openAPIDocument = APIOperation(
        "GET", "/swagger/v1/swagger.json", operationId: "getOpenAPIDocument", summary: "This OpenAPI document",
        tag: "documentation", scope: nil, openAPI: [:]
    ) { request throws(Problem) in
        JSONResponse.make(200, OpenAPIDocument.make(operations: APIRoutes.operations(swagger: true), version: request.context.apiVersion))
    }

    /// `GET /swagger`: Swagger UI.
    static let swaggerUI = APIOperation(
        "GET", "/swagger", operationId: "getSwaggerUI", summary: "Swagger UI", tag: "documentation", scope: nil, openAPI: [:]
    ) { request throws(Problem) in
        let assets = SwaggerAssets.base(request.context.swaggerAssets)
        let html = """
            <!DOCTYPE html>
            <html lang="en"><head><meta charset="utf-8"><title>Sovereign Workflows API</title>
            <link rel="stylesheet" href="\(assets)/swagger-ui.css"></head>
            <body><div id="swagger-ui"></div>
            <script src="\(assets)/swagger-ui-bundle.js"></script>
            <script>window.ui = SwaggerUIBundle({url: "/swagger/v1/swagger.json", dom_id: "#swagger-ui", deepLinking: true});</script>
            </body></html>
            """
        return HTTPResponse.text(200, html, contentType: "text/html; charset=utf-8")
    }

    /// `GET /swagger/` → `/swagger`.
    static let swaggerRedirect = APIOperation(
        "GET", "/swagger/", operationId: "redirectSwaggerUI", summary: "Swagger UI", tag: "documentation", scope: nil, openAPI: [:]
    ) { _ throws(Problem) in
        var response = HTTPResponse(status: 308)
        response.headers.add("Location", "/swagger")
        return response
    }

    /// `GET /swagger/assets/{file}`: files of a local swagger-ui distribution, when one is set.
    static let swaggerAsset = APIOperation(
        "GET", "/swagger/assets/{file}", operationId: "getSwaggerAsset", summary: "Swagger UI assets", tag: "documentation",
        scope: nil, openAPI: [:]
    ) { request throws(Problem) in
        let file = request.parameter("file")
        guard SwaggerAssets.isLocal(request.context.swaggerAssets), !file.contains("/"), !file.hasPrefix("."),
            let data = FileManager.default.contents(atPath: request.context.swaggerAssets + "/" + file)
        else { throw Problem.notFound("no asset `\(file)`") }
        let type = file.hasSuffix(".css") ? "text/css" : file.hasSuffix(".js") ? "application/javascript" : "application/octet-stream"
        var response = HTTPResponse(status: 200, body: [UInt8](data))
        response.headers.add("Content-Type", type)
        response.headers.add("Cache-Control", "public, max-age=86400")
        return response
    }
}

/// Where Swagger UI's files come from: a local swagger-ui-dist folder (`Swagger__Assets`), served
/// under /swagger/assets, or a URL (the public CDN by default, as FastAPI does).
public enum SwaggerAssets {
    /// The public CDN.
    public static let publicCDN = "https://cdn.jsdelivr.net/npm/swagger-ui-dist@5"

    static func isLocal(_ setting: String) -> Bool { setting.hasPrefix("/") }

    static func base(_ setting: String) -> String { isLocal(setting) ? "/swagger/assets" : setting }
}
