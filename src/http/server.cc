// The only translation unit that includes Boost.Beast and Boost.Asio: everything else in
// cordon sees plain Request/Response values.
#include "http/server.h"

#include <spdlog/spdlog.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <boost/asio/as_tuple.hpp>
#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/write.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/flat_buffer.hpp>
#include <boost/beast/core/string.hpp>
#include <boost/beast/core/tcp_stream.hpp>
#include <boost/beast/http/empty_body.hpp>
#include <boost/beast/http/error.hpp>
#include <boost/beast/http/parser.hpp>
#include <boost/beast/http/read.hpp>
#include <boost/beast/http/serializer.hpp>
#include <boost/beast/http/string_body.hpp>
#include <boost/beast/http/write.hpp>
#include <boost/url/encoding_opts.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/url_view.hpp>
#include <condition_variable>
#include <deque>
#include <exception>
#include <functional>
#include <mutex>
#include <optional>
#include <thread>
#include <utility>
#include <vector>

namespace cordon::http {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
namespace urls = boost::urls;
using boost::system::error_code;
using tcp = asio::ip::tcp;

namespace {

// How long, and how much, a connection is drained after an error answer before it is
// closed. Closing with unread request bytes makes the kernel send RST, which can destroy
// the answer (a 413, say) before the client reads it.
constexpr std::chrono::seconds kLingerTime{1};
constexpr std::size_t kLingerBytes = 1 << 20;

// A fixed set of threads running jobs from a bounded FIFO. try_submit never blocks: a
// full queue is the caller's signal to shed load. Thread-safe.
class HandlerPool {
 public:
  using Job = std::function<void()>;

  void start(int threads, std::size_t capacity) {
    capacity_ = capacity;
    for (int i = 0; i < std::max(1, threads); ++i) threads_.emplace_back([this] { run(); });
  }

  // False when `capacity` jobs already wait or the pool is stopping; the job is dropped.
  bool try_submit(Job job) {
    {
      std::lock_guard lock(mu_);
      if (stopping_ || queue_.size() >= capacity_) return false;
      queue_.push_back(std::move(job));
    }
    cv_.notify_one();
    return true;
  }

  // Lets running jobs finish, drops waiting ones, joins. Idempotent.
  void stop() {
    std::deque<Job> dropped;
    {
      std::lock_guard lock(mu_);
      stopping_ = true;
      dropped.swap(queue_);
    }
    cv_.notify_all();
    for (auto& t : threads_) {
      if (t.joinable()) t.join();
    }
    threads_.clear();
  }

 private:
  void run() {
    for (;;) {
      Job job;
      {
        std::unique_lock lock(mu_);
        cv_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
        if (stopping_) return;
        job = std::move(queue_.front());
        queue_.pop_front();
      }
      try {
        job();
      } catch (const std::exception& e) {
        spdlog::error("handler pool: job failed: {}", e.what());
      }
    }
  }

  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Job> queue_;  // GUARDED_BY(mu_)
  bool stopping_ = false;  // GUARDED_BY(mu_)
  std::size_t capacity_ = 0;
  std::vector<std::thread> threads_;
};

// A request handed to the pool. Shared between the connection coroutine and a worker so
// that neither outlives what it touches: the worker only writes `response` and then posts
// to the connection's context; `done` and `timer` are only touched on its thread.
struct PendingCall {
  Request request;
  Response response;
  bool done = false;
  asio::steady_timer* timer = nullptr;  // the waiting coroutine's; null once it is gone
};

std::string to_string(beast::string_view s) { return std::string(s.data(), s.size()); }

std::string lowercase(beast::string_view s) {
  std::string out = to_string(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

// Fills a Request from the wire message; a malformed status when the target is not an
// origin-form URI ("/path?query").
Status to_request(bhttp::request<bhttp::string_body>& wire, const std::string& remote,
                  const TrustedProxies& proxies, Request& out) {
  out.method = to_string(wire.method_string());
  // Browsers percent-encode non-ASCII; curl and field scripts often send raw UTF-8
  // ("?q=刘东升"). Encode those bytes so both forms mean the same thing.
  std::string raw = to_string(wire.target());
  std::string encoded;
  encoded.reserve(raw.size());
  for (unsigned char c : raw) {
    if (c < 0x80) {
      encoded += static_cast<char>(c);
    } else {
      static constexpr char kHex[] = "0123456789ABCDEF";
      encoded += '%';
      encoded += kHex[c >> 4];
      encoded += kHex[c & 15];
    }
  }
  auto target = urls::parse_origin_form(encoded);
  if (!target)
    return Status::malformed("malformed_target", "the request target is not a valid path");
  out.path = target->path();
  urls::encoding_opts opts(/*space_as_plus=*/true, /*lower_case=*/false, /*disallow_null=*/false);
  for (auto param : target->params(opts)) {
    out.query.emplace(std::move(param.key),
                      param.has_value ? std::move(param.value) : std::string());
  }
  for (const auto& field : wire) {
    std::string name = lowercase(field.name_string());
    auto [it, inserted] = out.headers.emplace(name, to_string(field.value()));
    // Repeated headers are one comma-separated list (RFC 9110 5.3).
    if (!inserted) it->second += ", " + to_string(field.value());
  }
  out.body = std::move(wire.body());
  auto forwarded = out.headers.find("x-forwarded-for");
  out.remote_address = proxies.client_address(
      remote, forwarded == out.headers.end() ? std::string_view() : forwarded->second);
  return Status();
}

// What to answer when reading a request failed, or nullopt to just close: the peer went
// away, timed out, or sent something we cannot answer.
std::optional<Response> answer_for_read_error(const error_code& ec) {
  if (ec == bhttp::error::body_limit) {
    return problem_response(413, "payload_too_large", "the request body is too large");
  }
  if (ec == bhttp::error::header_limit) {
    return problem_response(431, "headers_too_large", "the request headers are too large");
  }
  if (ec.category() == bhttp::make_error_code(bhttp::error::bad_method).category() &&
      ec != bhttp::error::end_of_stream && ec != bhttp::error::partial_message &&
      ec != bhttp::error::need_more) {
    return problem_response(
        Status::malformed("malformed_request", "the request is not valid HTTP/1.1"));
  }
  return std::nullopt;
}

}  // namespace

struct Server::Impl {
  Impl(ServerOptions o, const Router& r) : options(std::move(o)), router(r) {
    for (int i = 0; i < std::max(1, options.io_threads); ++i)
      contexts.push_back(std::make_unique<asio::io_context>(1));
  }

  asio::awaitable<void> accept_loop();
  asio::awaitable<void> session(beast::tcp_stream stream);
  asio::awaitable<Response> respond(Request request);
  asio::awaitable<error_code> write(beast::tcp_stream& stream, Response response, unsigned version,
                                    bool keep_alive);
  asio::awaitable<void> linger_close(beast::tcp_stream& stream);
  asio::awaitable<void> write_stream(beast::tcp_stream& stream, Response response,
                                     unsigned version);

  ServerOptions options;
  const Router& router;
  // One io_context per I/O thread, each connection on one of them: a connection's
  // coroutine and the completions workers post to it run on that one thread, serialized
  // without a strand, and the threads share no scheduler lock. Declared first so they are
  // destroyed last: they destroy suspended connection coroutines, whose sockets and
  // timers need their services. stop() clears them once no thread runs them, which closes
  // every connection still open.
  std::vector<std::unique_ptr<asio::io_context>> contexts;
  std::size_t next_context = 0;  // where the next connection goes; only the accept loop
  std::optional<tcp::acceptor> acceptor;  // on contexts[0]
  std::vector<asio::executor_work_guard<asio::io_context::executor_type>> work;
  std::vector<std::thread> io_threads;
  HandlerPool pool;
  HandlerPool read_pool;  // GET and HEAD, when options.read_threads > 0
  std::atomic<uint16_t> port{0};

  std::mutex state_mu;
  std::condition_variable state_cv;
  bool started = false;  // GUARDED_BY(state_mu)
  bool stopped = false;  // GUARDED_BY(state_mu)
};

namespace {

void log_coroutine_exit(const char* what, std::exception_ptr e) {
  if (!e) return;
  try {
    std::rethrow_exception(e);
  } catch (const std::exception& ex) {
    spdlog::warn("{} ended by exception: {}", what, ex.what());
  } catch (...) {
    spdlog::warn("{} ended by a non-std exception", what);
  }
}

}  // namespace

asio::awaitable<void> Server::Impl::accept_loop() {
  for (;;) {
    error_code ec;
    // Connections go round the I/O threads' contexts.
    asio::io_context& context = *contexts[next_context++ % contexts.size()];
    auto socket = co_await acceptor->async_accept(context,
                                                  asio::redirect_error(asio::use_awaitable, ec));
    if (ec) {
      if (ec == asio::error::operation_aborted || !acceptor->is_open()) co_return;
      spdlog::warn("accept failed: {}", ec.message());
      // Out of file descriptors and the like: back off instead of spinning.
      asio::steady_timer pause(co_await asio::this_coro::executor, std::chrono::milliseconds(50));
      co_await pause.async_wait(asio::redirect_error(asio::use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    auto executor = socket.get_executor();
    asio::co_spawn(executor, session(beast::tcp_stream(std::move(socket))),
                   [](std::exception_ptr e) { log_coroutine_exit("connection", e); });
  }
}

asio::awaitable<void> Server::Impl::session(beast::tcp_stream stream) {
  beast::flat_buffer buffer;
  std::string remote;
  {
    error_code ec;
    auto endpoint = stream.socket().remote_endpoint(ec);
    if (!ec) remote = endpoint.address().to_string();
  }

  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.header_limit));
    parser.body_limit(options.body_limit);

    error_code ec;
    stream.expires_after(options.read_timeout);
    co_await bhttp::async_read_header(stream, buffer, parser,
                                      asio::redirect_error(asio::use_awaitable, ec));
    if (!ec && !parser.is_done()) {
      // Clients such as curl wait for "100 Continue" before sending a large body.
      if (beast::iequals(parser.get()[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, parser.get().version()};
        stream.expires_after(options.read_timeout);
        co_await bhttp::async_write(stream, go_on, asio::redirect_error(asio::use_awaitable, ec));
        if (ec) co_return;
      }
      stream.expires_after(options.read_timeout);
      co_await bhttp::async_read(stream, buffer, parser,
                                 asio::redirect_error(asio::use_awaitable, ec));
    }
    if (ec) {
      if (ec == bhttp::error::end_of_stream) {
        stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        co_return;
      }
      if (auto answer = answer_for_read_error(ec)) {
        // The framing is lost (or the rest would be too big): answer once and close.
        if (!co_await write(stream, std::move(*answer), 11, false)) co_await linger_close(stream);
      }
      co_return;
    }

    auto& wire = parser.get();
    const unsigned version = wire.version();
    const bool keep_alive = wire.keep_alive();
    Request request;
    Status parsed = to_request(wire, remote, options.trusted_proxies, request);
    Response response;
    if (parsed.ok()) {
      response = co_await respond(std::move(request));
    } else {
      response = problem_response(parsed);
    }
    if (response.stream) {
      co_await write_stream(stream, std::move(response), version);
      co_return;
    }
    if (co_await write(stream, std::move(response), version, keep_alive)) co_return;
    if (!keep_alive) {
      stream.socket().shutdown(tcp::socket::shutdown_send, ec);
      co_return;
    }
  }
}

asio::awaitable<Response> Server::Impl::respond(Request request) {
  Router::Match match = router.match(request.method, request.path);
  if (!match.route) co_return std::move(match.failure);
  request.path_params = std::move(match.path_params);
  const Route* route = match.route;
  if (route->inline_handler) co_return router.call(*route, request);

  // The handler may block on the store, so it runs on the pool. This coroutine waits on a
  // timer that never expires; the worker cancels it (on this connection's thread) once the
  // response is stored, so no I/O thread is held while the handler runs.
  auto executor = co_await asio::this_coro::executor;
  auto call = std::make_shared<PendingCall>();
  call->request = std::move(request);
  asio::steady_timer timer(executor, asio::steady_timer::time_point::max());
  call->timer = &timer;
  struct Detach {
    PendingCall& call;
    ~Detach() { call.timer = nullptr; }
  } detach{*call};

  const Router& r = router;
  bool is_read = call->request.method == "GET" || call->request.method == "HEAD";
  HandlerPool& runner = is_read && options.read_threads > 0 ? read_pool : pool;
  bool queued = runner.try_submit([call, route, executor, &r] {
    call->response = r.call(*route, call->request);
    asio::post(executor, [call] {
      call->done = true;
      if (call->timer) call->timer->cancel();
    });
  });
  if (!queued) {
    co_return problem_response(
        Status::unavailable("overloaded", "the server is busy; retry later"));
  }
  while (!call->done) {
    error_code ec;
    co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, ec));
  }
  co_return std::move(call->response);
}

asio::awaitable<error_code> Server::Impl::write(beast::tcp_stream& stream, Response response,
                                                unsigned version, bool keep_alive) {
  bhttp::response<bhttp::string_body> wire;
  wire.version(version);
  wire.result(static_cast<unsigned>(response.status));
  wire.set(bhttp::field::server, "cordon");
  // 1xx, 204 and 304 carry no body; prepare_payload() would reject one.
  bool bodiless = response.status < 200 || response.status == 204 || response.status == 304;
  if (!bodiless && !response.content_type.empty()) {
    wire.set(bhttp::field::content_type, response.content_type);
  }
  for (auto& [name, value] : response.headers) wire.insert(name, value);
  if (!bodiless) wire.body() = std::move(response.body);
  wire.keep_alive(keep_alive);
  wire.prepare_payload();

  error_code ec;
  stream.expires_after(options.read_timeout);
  co_await bhttp::async_write(stream, wire, asio::redirect_error(asio::use_awaitable, ec));
  co_return ec;
}

// The waiting side of a streaming response, shared with the stream's wake callback: the
// callback only posts to the connection's context, where `pending` and `timer` live, and
// only while the writing coroutine exists: once it is gone (the client left, or stop()
// is destroying the context) the context may be gone too.
struct StreamWake {
  bool pending = false;
  asio::steady_timer* timer = nullptr;  // null once the writing coroutine is gone
  std::mutex mu;
  bool gone = false;  // guarded by mu
};

asio::awaitable<void> Server::Impl::write_stream(beast::tcp_stream& stream, Response response,
                                                 unsigned version) {
  bhttp::response<bhttp::empty_body> head{static_cast<bhttp::status>(response.status), version};
  head.set(bhttp::field::server, "cordon");
  if (!response.content_type.empty()) head.set(bhttp::field::content_type, response.content_type);
  for (auto& [name, value] : response.headers) head.insert(name, value);
  head.keep_alive(false);  // the body ends when the connection does
  bhttp::response_serializer<bhttp::empty_body> serializer{head};
  error_code ec;
  stream.expires_after(options.read_timeout);
  co_await bhttp::async_write_header(stream, serializer,
                                     asio::redirect_error(asio::use_awaitable, ec));
  if (ec) co_return;

  auto executor = co_await asio::this_coro::executor;
  asio::steady_timer timer(executor);
  auto wake = std::make_shared<StreamWake>();
  wake->timer = &timer;
  struct Detach {
    StreamWake& wake;
    ~Detach() {
      std::lock_guard lock(wake.mu);
      wake.timer = nullptr;
      wake.gone = true;
    }
  } detach{*wake};
  std::shared_ptr<ResponseStream> body = std::move(response.stream);
  body->start([wake, executor] {
    std::lock_guard lock(wake->mu);
    if (wake->gone) return;
    asio::post(executor, [wake] {
      wake->pending = true;
      if (wake->timer) wake->timer->cancel();
    });
  });

  for (;;) {
    std::string data = body->take();
    bool finished = body->finished();
    if (data.empty() && !finished && !wake->pending) {
      // Sleep until woken or the heartbeat is due.
      stream.expires_never();
      timer.expires_after(options.stream_heartbeat);
      error_code wait_ec;
      co_await timer.async_wait(asio::redirect_error(asio::use_awaitable, wait_ec));
      if (!wait_ec && !wake->pending) data = body->take_heartbeat();
    }
    wake->pending = false;
    if (!data.empty()) {
      stream.expires_after(options.read_timeout);
      co_await asio::async_write(stream, asio::buffer(data),
                                 asio::redirect_error(asio::use_awaitable, ec));
      if (ec) co_return;  // the client left
    }
    if (finished) break;
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

asio::awaitable<void> Server::Impl::linger_close(beast::tcp_stream& stream) {
  error_code ec;
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
  stream.expires_after(kLingerTime);
  std::array<char, 8192> sink;
  std::size_t drained = 0;
  while (!ec && drained < kLingerBytes) {
    drained += co_await stream.async_read_some(asio::buffer(sink),
                                               asio::redirect_error(asio::use_awaitable, ec));
  }
}

Server::Server(ServerOptions options, const Router& router)
    : impl_(std::make_unique<Impl>(std::move(options), router)) {}

Server::~Server() { stop(); }

Status Server::start() {
  Impl& s = *impl_;
  std::lock_guard lock(s.state_mu);
  if (s.started || s.stopped)
    return Status::internal("already_started", "start() may be called once");

  error_code ec;
  auto fail = [&](const char* step) {
    s.acceptor.reset();
    return Status::unavailable("bind_failed", std::string("cannot listen on ") + s.options.address +
                                                  ":" + std::to_string(s.options.port) + " (" +
                                                  step + "): " + ec.message());
  };
  auto address = asio::ip::make_address(s.options.address, ec);
  if (ec) return fail("address");
  tcp::endpoint endpoint(address, s.options.port);
  s.acceptor.emplace(*s.contexts.front());
  s.acceptor->open(endpoint.protocol(), ec);
  if (ec) return fail("open");
  s.acceptor->set_option(asio::socket_base::reuse_address(true), ec);
  if (ec) return fail("reuse_address");
  s.acceptor->bind(endpoint, ec);
  if (ec) return fail("bind");
  s.acceptor->listen(asio::socket_base::max_listen_connections, ec);
  if (ec) return fail("listen");
  auto local = s.acceptor->local_endpoint(ec);
  if (ec) return fail("local_endpoint");
  s.port = local.port();

  s.pool.start(s.options.handler_threads, s.options.queue_capacity);
  if (s.options.read_threads > 0) s.read_pool.start(s.options.read_threads, s.options.queue_capacity);
  for (auto& context : s.contexts) s.work.push_back(asio::make_work_guard(*context));
  asio::co_spawn(*s.contexts.front(), s.accept_loop(),
                 [](std::exception_ptr e) { log_coroutine_exit("accept loop", e); });
  for (auto& context : s.contexts) {
    s.io_threads.emplace_back([&ioc = *context] {
      for (;;) {
        try {
          ioc.run();
          return;
        } catch (const std::exception& e) {
          spdlog::error("io thread: {}", e.what());
        }
      }
    });
  }
  s.started = true;
  spdlog::info("http: listening on {}:{}", s.options.address, s.port.load());
  return Status();
}

uint16_t Server::port() const { return impl_->port.load(); }

void Server::wait() {
  std::unique_lock lock(impl_->state_mu);
  impl_->state_cv.wait(lock, [this] { return impl_->stopped; });
}

void Server::stop() {
  Impl& s = *impl_;
  {
    std::lock_guard lock(s.state_mu);
    if (s.stopped) return;
    s.stopped = true;
  }
  // Order matters: no I/O thread runs once these joins return, then no worker runs, so
  // nothing touches a connection while the io_context's destructor tears them down
  // (destroying each suspended coroutine closes its socket; a worker's late completion,
  // still queued, is destroyed without running).
  s.work.clear();
  for (auto& context : s.contexts) context->stop();
  for (auto& t : s.io_threads) {
    if (t.joinable()) t.join();
  }
  s.pool.stop();
  s.read_pool.stop();
  s.acceptor.reset();
  s.contexts.clear();
  s.state_cv.notify_all();
}

}  // namespace cordon::http
