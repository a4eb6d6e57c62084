#!/usr/bin/python3
"""A mail server on 127.0.0.1 for the integration tests (README "Outputs"): aiosmtpd, from Debian's
python3-aiosmtpd. Each message it accepts is written to --dir as NNNN.eml (atomically); the port it
listens on is the first line of standard output.

 --port N             listen on this port (default: any free one)
  --tls CERT KEY       offer STARTTLS (and require it), or with --implicit-tls speak TLS from the start
  --auth USER:PASS     require AUTH PLAIN/LOGIN with these credentials (only over TLS)
  --fail-first N       answer 451 (try again later) to the first N messages
  --reject             answer 550 to every message
"""
import argparse
import asyncio
import os
import ssl
import sys

from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class Store:
    def __init__(self, directory, fail_first, reject):
        self.directory = directory
        self.fail_left = fail_first
        self.reject = reject
        self.count = 0

    async def handle_DATA(self, server, session, envelope):
        if self.reject:
            return "550 5.7.1 refused by the test server"
        if self.fail_left > 0:
            self.fail_left -= 1
            return "451 4.3.0 the test server says: try again later"
        self.count += 1
        name = os.path.join(self.directory, "%04d.eml" % self.count)
        header = "X-Test-Envelope-From: %s\r\nX-Test-Envelope-To: %s\r\n" % (
            envelope.mail_from, ",".join(envelope.rcpt_tos))
        with open(name + ".tmp", "wb") as f:
            f.write(header.encode() + envelope.original_content)
        os.rename(name + ".tmp", name)
        return "250 2.0.0 stored"


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--dir", required=True)
    parser.add_argument("--port", type=int, default=0)
    parser.add_argument("--tls", nargs=2, metavar=("CERT", "KEY"))
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--auth")
    parser.add_argument("--fail-first", type=int, default=0)
    parser.add_argument("--reject", action="store_true")
    args = parser.parse_args()

    context = None
    if args.tls:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.tls[0], args.tls[1])
    credentials = tuple(args.auth.split(":", 1)) if args.auth else None

    def authenticate(server, session, envelope, mechanism, data):
        ok = isinstance(data, LoginPassword) and credentials is not None and (
            data.login.decode(), data.password.decode()) == credentials
        return AuthResult(success=ok, handled=False)

    handler = Store(args.dir, args.fail_first, args.reject)

    def factory():
        options = dict(hostname="newswatch-test", enable_SMTPUTF8=True)
        if context is not None and not args.implicit_tls:
            options.update(tls_context=context, require_starttls=True)
        if credentials is not None:
            options.update(authenticator=authenticate, auth_required=True,
                           auth_require_tls=context is not None)
        return SMTP(handler, **options)

    async def serve():
        loop = asyncio.get_running_loop()
        server = await loop.create_server(
            factory, "127.0.0.1", args.port, ssl=context if args.implicit_tls else None)
        print(server.sockets[0].getsockname()[1], flush=True)
        await server.serve_forever()

    try:
        asyncio.run(serve())
    except KeyboardInterrupt:
        pass


if __name__ == "__main__":
    sys.exit(main())
