package io.talentos.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ReadListener;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletInputStream;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletRequestWrapper;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Refuses request bodies over {@code talentos.api.max-body-bytes} (default 64 KiB; model uploads
 * {@code talentos.api.max-model-bytes}, default 1 MiB) with 413 and a problem+json
 * body (RFC 9457): by Content-Length up front, and by counting bytes for chunked bodies.
 */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE)
class RequestSizeLimitFilter extends OncePerRequestFilter {

  /** Thrown while reading a body that grows past the limit; mapped to 413. */
  static class PayloadTooLargeException extends IOException {
    PayloadTooLargeException(long limit) {
      super("Request body is larger than " + limit + " bytes");
    }
  }

  private final long defaultMaxBytes;
  private final long maxModelBytes;

  RequestSizeLimitFilter(@Value("${talentos.api.max-body-bytes:65536}") long maxBytes,
      @Value("${talentos.api.max-model-bytes:1048576}") long maxModelBytes) {
    this.defaultMaxBytes = maxBytes;
    this.maxModelBytes = maxModelBytes;
  }

  @Override
  protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
      throws ServletException, IOException {
    // model uploads (the designer deploy API) may be larger: a BPMN file with its diagram is tens of KiB
    long maxBytes = request.getRequestURI().endsWith("/models") ? maxModelBytes : defaultMaxBytes;
    if (request.getContentLengthLong() > maxBytes) {
      ProblemResponses.write(response, HttpStatus.PAYLOAD_TOO_LARGE, "Payload Too Large",
          "Request body is larger than " + maxBytes + " bytes", request.getRequestURI());
      return;
    }
    chain.doFilter(new LimitedRequest(request, maxBytes), response);
  }

  private static final class LimitedRequest extends HttpServletRequestWrapper {
    private final long maxBytes;

    LimitedRequest(HttpServletRequest request, long maxBytes) {
      super(request);
      this.maxBytes = maxBytes;
    }

    @Override
    public ServletInputStream getInputStream() throws IOException {
      ServletInputStream in = super.getInputStream();
      return new ServletInputStream() {
        private long read;

        @Override
        public int read() throws IOException {
          int b = in.read();
          if (b >= 0 && ++read > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
          }
          return b;
        }

        @Override
        public int read(byte[] buffer, int off, int len) throws IOException {
          int n = in.read(buffer, off, len);
          if (n > 0 && (read += n) > maxBytes) {
            throw new PayloadTooLargeException(maxBytes);
          }
          return n;
        }

        @Override
        public boolean isFinished() {
          return in.isFinished();
        }

        @Override
        public boolean isReady() {
          return in.isReady();
        }

        @Override
        public void setReadListener(ReadListener listener) {
          in.setReadListener(listener);
        }
      };
    }
  }
}
