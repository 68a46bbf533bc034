"""Names for demo people, and the company email address made from them."""

from __future__ import annotations

import random
import unicodedata

FIRST_NAMES = (
    "Aisha", "Ana", "Anouk", "Ahmed", "Amir", "Anna", "Arjun", "Bram", "Bas", "Beatriz", "Björn", "Camille",
    "Carlos", "Chen", "Chloé", "Daan", "Dario", "Dewi", "Diego", "Dilan", "Eline", "Elif", "Emma", "Emre",
    "Eva", "Fatima", "Femke", "Finn", "Fleur", "Gabriel", "Giulia", "Hanna", "Hugo", "Ibrahim", "Ines",
    "Isabel", "Jan", "Jasper", "Jesse", "Joost", "Julia", "Kai", "Karim", "Kenji", "Lars", "Laura", "Lea",
    "Lieke", "Lotte", "Lucas", "Luca", "Luuk", "Maja", "Marco", "Maria", "Marta", "Mateo", "Max", "Meera",
    "Mila", "Mohamed", "Naomi", "Nadia", "Niels", "Noah", "Noor", "Olga", "Omar", "Oscar", "Pablo", "Priya",
    "Quinten", "Rafael", "Ravi", "Roos", "Ruben", "Saar", "Sam", "Sanne", "Sara", "Sem", "Siddharth",
    "Sofia", "Sophie", "Stijn", "Tariq", "Teun", "Thijs", "Tim", "Tom", "Valentina", "Wei", "Willem",
    "Xander", "Yara", "Yusuf", "Zeynep", "Zoë", "Łukasz", "Agnieszka", "Mariusz", "Siobhan", "Seán",
    "Olumide", "Chiamaka", "Kwame", "Amara", "Jelle", "Renée", "François", "Søren", "Ingrid", "Tomasz",
)  # fmt: skip

LAST_NAMES = (
    "de Jong", "Jansen", "de Vries", "van den Berg", "van Dijk", "Bakker", "Janssen", "Visser", "Smit",
    "Meijer", "de Boer", "Mulder", "de Groot", "Bos", "Vos", "Peters", "Hendriks", "van Leeuwen", "Dekker",
    "Brouwer", "de Wit", "Dijkstra", "Smits", "de Graaf", "van der Meer", "Kok", "Jacobs", "de Haan",
    "Vermeulen", "van den Heuvel", "van der Veen", "van den Broek", "de Bruijn", "Schouten", "van Beek",
    "Willems", "van Vliet", "Hoekstra", "Maas", "Verhoeven", "Koster", "Prins", "Blom", "Huisman",
    "Yılmaz", "Kaya", "Demir", "El Amrani", "Bouzid", "Benali", "Haddou", "Rodríguez", "García",
    "Fernández", "Rossi", "Bianchi", "Müller", "Schmidt", "Weber", "Nowak", "Kowalski", "Wiśniewska",
    "Novák", "Horváth", "O'Brien", "Murphy", "Kelly", "Nguyen", "Tran", "Wang", "Li", "Zhang", "Patel",
    "Sharma", "Singh", "Gupta", "Okafor", "Mensah", "Adeyemi", "Santos", "Silva", "Pereira", "Costa",
    "Dubois", "Lefèvre", "Moreau", "Andersson", "Nilsen", "Johansson", "Hansen", "Popescu", "Ivanova",
    "Kovačević", "Papadopoulos", "Cohen", "Levi", "Suzuki", "Tanaka", "Kim", "Park", "Hosseini", "Rahimi",
    "Ali", "Khan", "Hussain", "Soares", "Verbeek", "van Rijn", "Postma", "Kuipers", "Timmermans", "Wouters",
)  # fmt: skip


def _ascii_word(text: str) -> str:
    """Lower-case ASCII letters only, for an email local part ('Wiśniewska' -> 'wisniewska')."""
    text = text.replace("ł", "l").replace("Ł", "L").replace("ø", "o").replace("ß", "ss").replace("ı", "i")
    folded = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return "".join(ch for ch in folded.lower() if ch.isalnum())


class NameBook:
    """Hands out full names and unique lower-case emails on one domain."""

    def __init__(self, rng: random.Random, domain: str) -> None:
        self._rng = rng
        self._domain = domain
        self._taken: set[str] = set()

    def reserve(self, email: str) -> None:
        self._taken.add(email)

    def person(self) -> tuple[str, str]:
        first = self._rng.choice(FIRST_NAMES)
        last = self._rng.choice(LAST_NAMES)
        base = f"{_ascii_word(first)}.{_ascii_word(last)}"
        email = f"{base}@{self._domain}"
        n = 1
        while email in self._taken:
            n += 1
            email = f"{base}{n}@{self._domain}"
        self._taken.add(email)
        return f"{first} {last}", email
