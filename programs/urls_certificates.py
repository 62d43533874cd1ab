from django.urls import path

from programs import views_certificates

# Included at /sertifikat/ by umkm_portal.urls: the address printed in every certificate's QR code.
urlpatterns = [
    path("<str:code>/", views_certificates.verify, name="certificate_verify"),
]
