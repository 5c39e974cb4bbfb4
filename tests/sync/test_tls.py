"""Transport security: the office serves HTTPS with a self-signed certificate, the outlet
is set up with its fingerprint (from the set-up sheet), pins it, and syncs; a different
certificate under the office's address is refused before anything is sent, and so is a
plain http:// office address on another PC."""

from __future__ import annotations

import datetime as dt
import ipaddress

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from ewarong_pos.central import admin
from ewarong_pos.cli import main
from ewarong_pos.core.errors import DomainError
from ewarong_pos.protocol.tls import certificate_pin
from ewarong_pos.services import setup, sync
from ewarong_pos.services.context import open_outlet
from tests.sync.harness import seed_central


def self_signed(tmp_path, name: str) -> tuple:
    """A certificate for 127.0.0.1 and its key, as PEM files (what `openssl req -x509`
    makes for an office without a public name)."""
    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = dt.datetime.now(dt.UTC)
    cert = (
        x509.CertificateBuilder()
        .subject_name(subject)
        .issuer_name(subject)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now - dt.timedelta(days=1))
        .not_valid_after(now + dt.timedelta(days=30))
        .add_extension(
            x509.SubjectAlternativeName([x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
            critical=False,
        )
        .sign(key, hashes.SHA256())
    )
    cert_file, key_file = tmp_path / f"{name}.crt", tmp_path / f"{name}.key"
    cert_file.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_file.write_bytes(
        key.private_bytes(
            serialization.Encoding.PEM,
            serialization.PrivateFormat.PKCS8,
            serialization.NoEncryption(),
        )
    )
    return cert_file, key_file


class TlsService:
    def __init__(self, db_url, cert, key, clock):
        from ewarong_pos.central.serve import make_server

        self.server = make_server(
            db_url, "127.0.0.1", 0, log_level="warning", tls_cert=cert, tls_key=key, clock=clock
        )
        self.port = self.server.start_in_thread()
        self.url = f"https://127.0.0.1:{self.port}"
        self.central = self.server.config.app.state.central

    def stop(self):
        self.server.stop()


@pytest.fixture
def office(tmp_path, clock):
    db = f"sqlite:///{tmp_path / 'office.db'}"
    cert, key = self_signed(tmp_path, "office")
    svc = TlsService(db, cert, key, clock)
    seed_central(svc.central, tmp_path, {"EW-3173-0002": ["D1", "D2"]}, clock())
    with svc.central.session() as s, s.begin():
        admin.add_account(s, "EW-3173-0002", "siti", "Siti", "cashier", "1357")
    yield svc, db, cert
    svc.stop()


def _code(svc, clock):
    with svc.central.session() as s, s.begin():
        return admin.new_enrollment_code(s, "EW-3173-0002", clock())


def test_set_up_and_sync_over_https_with_the_pinned_certificate(office, tmp_path, clock, capsys):
    svc, _db, cert = office
    pin = certificate_pin(cert.read_text())
    folder = tmp_path / "outlet"
    folder.mkdir()
    assert (
        main(["enroll", svc.url, _code(svc, clock), "--pin", pin, "--data-dir", str(folder)]) == 0
    )
    assert "(certificate pinned)" in capsys.readouterr().out
    ctx = open_outlet(folder, clock=clock)
    try:
        identity = sync.load_identity(ctx)  # sealed by the data key
        assert identity.tls_pin == pin and "BEGIN CERTIFICATE" in identity.tls_cert
        assert sync.sync_now(ctx).pushed == 0
        status = sync.sync_status(ctx)
        assert status.state == "synced" and not status.insecure
    finally:
        ctx.close()


def test_a_wrong_fingerprint_is_refused_before_anything_is_sent(office, tmp_path, clock):
    svc, _db, _cert = office
    other_cert, _key = self_signed(tmp_path, "impostor")
    wrong = certificate_pin(other_cert.read_text())
    code = _code(svc, clock)
    ctx = open_outlet(tmp_path / "outlet", clock=clock)
    try:
        with pytest.raises(DomainError) as refused:
            setup.set_up_online(ctx, svc.url, code, tls_pin=wrong)
        assert refused.value.code == "sync.certificate"
    finally:
        ctx.close()
    # the code was never sent: it still works with the right fingerprint
    ctx = open_outlet(tmp_path / "outlet", clock=clock)
    try:
        pin = certificate_pin((tmp_path / "office.crt").read_text())
        setup.set_up_online(ctx, svc.url, code, tls_pin=pin)
    finally:
        ctx.close()


@pytest.mark.expect_log("ewarong_pos.services.sync", r"^sync failed")
def test_another_certificate_under_the_offices_address_is_refused(office, tmp_path, clock):
    """After set-up, someone else answers on the office's address with their own
    certificate: the handshake fails on the pin, and sync says so (not "offline")."""
    svc, db, cert = office
    ctx = open_outlet(tmp_path / "outlet", clock=clock)
    try:
        setup.set_up_online(
            ctx, svc.url, _code(svc, clock), tls_pin=certificate_pin(cert.read_text())
        )
        svc.stop()
        impostor_cert, impostor_key = self_signed(tmp_path, "impostor")
        impostor = TlsService(db, impostor_cert, impostor_key, clock)
        try:
            identity = sync.load_identity(ctx)
            sync.write_identity(
                ctx, sync.Identity(**{**identity.__dict__, "central_url": impostor.url})
            )
            with pytest.raises(DomainError) as refused:
                sync.sync_now(ctx)
            assert refused.value.code == "sync.certificate"
            assert sync.sync_status(ctx).state == "error"
        finally:
            impostor.stop()
    finally:
        ctx.close()


def test_plain_http_to_another_pc_is_refused_at_enroll(tmp_path, capsys):
    folder = tmp_path / "outlet"
    folder.mkdir()
    code = main(["--lang", "en", "enroll", "http://192.0.2.10:8000", "ABCD-EFGH-JKLM",
                 "--data-dir", str(folder)])  # fmt: skip
    assert code == 2
    assert "not encrypted" in capsys.readouterr().err
