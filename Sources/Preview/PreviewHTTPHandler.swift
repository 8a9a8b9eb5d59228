import NIOCore
import NIOHTTP1

/// One connection of the preview: GET and HEAD answered by the `PreviewResponder`, never cached.
final class PreviewHTTPHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private let responder: PreviewResponder
    private var head: HTTPRequestHead?

    init(responder: PreviewResponder) { self.responder = responder }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(h): head = h
        case .body: break
        case .end:
            guard let head else { return }
            self.head = nil
            let response: PreviewResponse
            if head.method == .GET || head.method == .HEAD {
                response = responder.respond(to: head.uri)
            } else {
                response = PreviewResponse(status: 405, contentType: "text/plain; charset=utf-8",
                                           body: Array("The preview answers GET and HEAD only.\n".utf8))
            }
            write(context: context, head: head, response: response)
        }
    }

    private func write(context: ChannelHandlerContext, head: HTTPRequestHead, response: PreviewResponse) {
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: response.contentType)
        headers.add(name: "Content-Length", value: String(response.body.count))
        headers.add(name: "Cache-Control", value: "no-store")
        headers.add(name: "Connection", value: head.isKeepAlive ? "keep-alive" : "close")
        if response.status == 405 { headers.add(name: "Allow", value: "GET, HEAD") }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if head.method != .HEAD {
            var buffer = context.channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let keepAlive = head.isKeepAlive
        let written = context.eventLoop.makePromise(of: Void.self)
        context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: written)
        written.futureResult.whenComplete { _ in
            if !keepAlive { context.close(promise: nil) }
        }
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        context.close(promise: nil)
    }
}
