import Foundation
import NIOCore
import NIOHTTP1

/// One connection's HTTP/1.1 requests: reads each body in full (bounded in size and time),
/// hands it to the `APIHandler` off the event loop, writes the answer, logs one line.
///
/// Time limit: from the moment the connection opens, or a response has been sent, the next
/// request must arrive in full within `readTimeoutSeconds`. The clock is not reset by
/// trickling bytes, so a slow client (slowloris) is cut off, and it runs only while reading:
/// a request waiting for the engine is never timed out by it.
final class HTTPRequestHandler: ChannelInboundHandler {
    typealias InboundIn = HTTPServerRequestPart
    typealias OutboundOut = HTTPServerResponsePart

    private enum State {
        /// Waiting for a request head (new or kept-alive connection).
        case idle
        case reading(HTTPRequestHead, started: NIODeadline)
        /// A 413 or 408 went out; the rest of the request is dropped and the connection closed.
        case discarding
        case processing
    }

    private let api: APIHandler
    private let limits: APIServerConfig
    private let log: @Sendable (String) -> Void
    private var state = State.idle
    private var body = ByteBuffer()
    private var deadline: Scheduled<Void>?
    /// The request being answered; cancelled when the connection closes, so queued work is dropped.
    private var inFlight: Task<Void, Never>?

    init(api: APIHandler, limits: APIServerConfig, log: @escaping @Sendable (String) -> Void) {
        self.api = api; self.limits = limits; self.log = log
    }

    func channelActive(context: ChannelHandlerContext) {
        armDeadline(context: context)
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        deadline?.cancel()
        deadline = nil
        inFlight?.cancel()
        inFlight = nil
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        switch unwrapInboundIn(data) {
        case let .head(head):
            guard case .idle = state else { return }
            state = .reading(head, started: .now())
            body.clear()
            if let declared = head.headers.first(name: "content-length").flatMap(Int.init), declared > limits.maxBodyBytes {
                reject(context: context, head: head, error: .bodyTooLarge(limit: limits.maxBodyBytes))
            } else if head.headers[canonicalForm: "expect"].contains(where: { $0.lowercased() == "100-continue" }) {
                // curl waits up to a second for this before sending a large body.
                let go = HTTPResponseHead(version: head.version, status: .continue)
                context.writeAndFlush(wrapOutboundOut(.head(go)), promise: nil)
            }
        case var .body(chunk):
            guard case let .reading(head, _) = state else { return }
            if body.readableBytes + chunk.readableBytes > limits.maxBodyBytes {
                reject(context: context, head: head, error: .bodyTooLarge(limit: limits.maxBodyBytes))
                return
            }
            body.writeBuffer(&chunk)
        case .end:
            deadline?.cancel()
            deadline = nil
            switch state {
            case let .reading(head, started):
                state = .processing
                dispatch(context: context, head: head, started: started)
            case .discarding:
                context.close(promise: nil)
            case .idle, .processing:
                break
            }
        }
    }

    func userInboundEventTriggered(context: ChannelHandlerContext, event: Any) {
        // HTTPServerPipelineHandler acts on quiescing; nothing else to pass on.
        context.fireUserInboundEventTriggered(event)
    }

    func errorCaught(context: ChannelHandlerContext, error: Error) {
        // Parser errors were already answered with a 400 by HTTPServerProtocolErrorHandler.
        if error is HTTPParserError {
            log("- - docs=0 tokens=0 status=400 ms=0 (malformed HTTP: \(error))")
        }
        context.close(promise: nil)
    }

    // MARK: steps

    /// Scores off the event loop; the answer comes back to it.
    private func dispatch(context: ChannelHandlerContext, head: HTTPRequestHead, started: NIODeadline) {
        let request = Data(body.readableBytesView)
        body.clear()
        if body.capacity > 1 << 20 { body = context.channel.allocator.buffer(capacity: 0) }
        let api = self.api
        let loop = context.eventLoop
        let bound = NIOLoopBound((self, context), eventLoop: loop)
        let method = head.method.rawValue
        let uri = head.uri
        inFlight = Task {
            let (response, summary) = await api.handle(method: method, uri: uri, body: request)
            loop.execute {
                let (handler, context) = bound.value
                handler.inFlight = nil
                handler.respond(context: context, head: head, response: response, summary: summary,
                                started: started, keepAlive: head.isKeepAlive)
            }
        }
    }

    /// Answers a request that will not be read further, then drops what is left of it.
    private func reject(context: ChannelHandlerContext, head: HTTPRequestHead, error: APIError) {
        let started: NIODeadline
        if case let .reading(_, time) = state { started = time } else { started = .now() }
        state = .discarding
        body.clear()
        respond(context: context, head: head, response: .failure(error), summary: RequestSummary(),
                started: started, keepAlive: false)
    }

    private func respond(
        context: ChannelHandlerContext, head: HTTPRequestHead, response: APIResponse,
        summary: RequestSummary, started: NIODeadline, keepAlive: Bool
    ) {
        let ms = Double((NIODeadline.now() - started).nanoseconds) / 1e6
        log(RequestLog.line(method: head.method.rawValue, uri: head.uri, summary: summary, status: response.status, ms: ms))
        guard context.channel.isActive else { return }
        var headers = HTTPHeaders()
        headers.add(name: "Content-Type", value: "application/json")
        headers.add(name: "Content-Length", value: String(response.body.count))
        headers.add(name: "Connection", value: keepAlive ? "keep-alive" : "close")
        for (name, value) in response.headers { headers.add(name: name, value: value) }
        let status = HTTPResponseStatus(statusCode: response.status)
        context.write(wrapOutboundOut(.head(HTTPResponseHead(version: head.version, status: status, headers: headers))), promise: nil)
        if head.method != .HEAD {   // a HEAD answer carries GET's headers, Content-Length included, and no body
            var buffer = context.channel.allocator.buffer(capacity: response.body.count)
            buffer.writeBytes(response.body)
            context.write(wrapOutboundOut(.body(.byteBuffer(buffer))), promise: nil)
        }
        let written = context.writeAndFlushPromise(wrapOutboundOut(.end(nil)))
        if case .discarding = state {
            // Keep reading (and dropping) until the request ends or the deadline closes us.
            armDeadline(context: context)
            return
        }
        if keepAlive {
            state = .idle
            armDeadline(context: context)
        } else {
            written.whenComplete { _ in context.close(promise: nil) }
        }
    }

    private func armDeadline(context: ChannelHandlerContext) {
        deadline?.cancel()
        guard context.channel.isActive else { return }
        let seconds = limits.readTimeoutSeconds
        let bound = NIOLoopBound((self, context), eventLoop: context.eventLoop)
        deadline = context.eventLoop.scheduleTask(in: .nanoseconds(Int64(seconds * 1e9))) {
            let (handler, context) = bound.value
            handler.deadlineExpired(context: context)
        }
    }

    private func deadlineExpired(context: ChannelHandlerContext) {
        deadline = nil
        switch state {
        case let .reading(head, _):
            reject(context: context, head: head, error: .readTimeout(seconds: limits.readTimeoutSeconds))
            context.close(promise: nil)
        case .idle, .discarding:
            context.close(promise: nil)
        case .processing:
            break
        }
    }
}

private extension ChannelHandlerContext {
    func writeAndFlushPromise(_ data: NIOAny) -> EventLoopFuture<Void> {
        let promise = eventLoop.makePromise(of: Void.self)
        writeAndFlush(data, promise: promise)
        return promise.futureResult
    }
}
