"""Bahasa Indonesia unless the user chose another language in the footer switcher.

Django's LocaleMiddleware also follows the browser's Accept-Language, so an officer whose
browser is set to English would get a half-translated English page without asking for it.
Here only the language cookie (set by the switcher) changes the language.
"""

from django.conf import settings
from django.middleware.locale import LocaleMiddleware
from django.utils import translation


class ChosenLanguageMiddleware(LocaleMiddleware):
    def process_request(self, request):
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME)
        language = chosen if chosen in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE
        translation.activate(language)
        request.LANGUAGE_CODE = translation.get_language()
