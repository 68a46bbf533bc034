"""The demo company's fixed catalogue: org tree, job roles, skills, providers, credentials, pathways.

Everything here is static data, the same for every seed; the people and what
they do come from `people.py` and `activity.py`. The company, its providers and
its credentials are fictional (`.example` web addresses); SFIA codes are real
SFIA skill codes, ESCO ids are look-alike URIs made from the skill name.
"""

from __future__ import annotations

import uuid
from dataclasses import dataclass

COMPANY = "Voltaria"
DOMAIN = "voltaria.example"


@dataclass(frozen=True)
class TeamSpec:
    """A team in the org tree, listed parent before child."""

    name: str
    department: str
    parent: str | None
    lead_title: str
    roles: tuple[tuple[str, float], ...]  # member job titles and their weights
    weight: float  # share of the non-lead headcount
    cap: int | None  # most members (small leadership and department teams)
    locations: tuple[tuple[str, float], ...]
    learning: float  # how much this team's people learn, relative to 1.0


_AMS = (("Amsterdam", 1.0),)
_ENG = (("Amsterdam", 0.55), ("Utrecht", 0.25), ("Remote (NL)", 0.2))
_NORTH = (("Groningen", 0.6), ("Zwolle", 0.4))
_SOUTH = (("Eindhoven", 0.6), ("Maastricht", 0.4))
_TECHS = (("EV Service Technician", 6.0), ("Senior EV Technician", 2.0), ("High-Voltage Specialist", 1.0))

TEAMS: tuple[TeamSpec, ...] = (
    TeamSpec(
        "Leadership",
        "Executive",
        None,
        "Chief Executive Officer",
        (
            ("Chief Financial Officer", 1),
            ("Chief Strategy Officer", 1),
            ("Executive Assistant", 1),
            ("Finance Manager", 1),
        ),
        0.5,
        6,
        _AMS,
        0.6,
    ),
    TeamSpec(
        "People & Culture",
        "People",
        "Leadership",
        "Chief People Officer",
        (
            ("HR Business Partner", 2),
            ("Talent Acquisition Specialist", 2),
            ("Learning & Development Specialist", 1),
            ("People Operations Coordinator", 2),
        ),
        3.5,
        None,
        _AMS,
        1.0,
    ),
    TeamSpec(
        "Engineering",
        "Engineering",
        "Leadership",
        "VP Engineering",
        (("Technical Program Manager", 1), ("Enterprise Architect", 1)),
        0.3,
        4,
        _AMS,
        0.9,
    ),
    TeamSpec(
        "Cloud Platform",
        "Engineering",
        "Engineering",
        "Engineering Manager",
        (("Cloud Engineer", 5), ("Senior Cloud Engineer", 2), ("Site Reliability Engineer", 2)),
        8.0,
        None,
        _ENG,
        1.1,
    ),
    TeamSpec(
        "Cloud Networking",
        "Engineering",
        "Cloud Platform",
        "Network Engineering Lead",
        (("Network Engineer", 4), ("Cloud Engineer", 1)),
        3.5,
        None,
        _ENG,
        1.05,
    ),
    TeamSpec(
        "DevOps",
        "Engineering",
        "Engineering",
        "DevOps Lead",
        (("DevOps Engineer", 5), ("Platform Engineer", 2), ("Release Engineer", 1)),
        7.0,
        None,
        _ENG,
        1.1,
    ),
    TeamSpec(
        "Security",
        "Engineering",
        "Engineering",
        "Head of Security",
        (("Security Engineer", 3), ("Security Analyst", 2), ("GRC Specialist", 1)),
        4.0,
        None,
        _ENG,
        1.15,
    ),
    TeamSpec(
        "Security Operations",
        "Engineering",
        "Security",
        "SOC Manager",
        (("SOC Analyst", 5), ("Incident Responder", 2)),
        3.5,
        None,
        (("Utrecht", 0.7), ("Remote (NL)", 0.3)),
        1.1,
    ),
    TeamSpec(
        "Data & Analytics",
        "Engineering",
        "Engineering",
        "Head of Data",
        (("Data Analyst", 4), ("Data Engineer", 3), ("Data Scientist", 2), ("Analytics Engineer", 1)),
        8.0,
        None,
        _ENG,
        1.1,
    ),
    TeamSpec(
        "Operations",
        "Operations",
        "Leadership",
        "Director of Operations",
        (("Operations Analyst", 1), ("Programme Manager", 1)),
        0.4,
        4,
        (("Rotterdam", 1.0),),
        0.8,
    ),
    TeamSpec(
        "Customer Care",
        "Operations",
        "Operations",
        "Customer Care Manager",
        (("Customer Care Agent", 8), ("Senior Customer Care Agent", 2), ("Workforce Planner", 0.4)),
        22.0,
        None,
        (("Rotterdam", 0.75), ("Remote (NL)", 0.25)),
        0.7,
    ),
    TeamSpec(
        "Customer Care Tier 2",
        "Operations",
        "Customer Care",
        "Customer Care Team Leader",
        (("Technical Support Specialist", 4), ("Customer Care Agent", 1)),
        6.0,
        None,
        (("Rotterdam", 1.0),),
        0.8,
    ),
    TeamSpec(
        "Field Service",
        "Operations",
        "Operations",
        "Field Service Manager",
        (("Field Service Coordinator", 3), ("Service Planner", 1)),
        2.0,
        None,
        (("Utrecht", 1.0),),
        0.85,
    ),
    TeamSpec(
        "Field Service North",
        "Operations",
        "Field Service",
        "Field Service Supervisor",
        _TECHS,
        12.5,
        None,
        _NORTH,
        0.85,
    ),
    TeamSpec(
        "Field Service South",
        "Operations",
        "Field Service",
        "Senior Field Service Supervisor",
        _TECHS,
        12.5,
        None,
        _SOUTH,
        0.85,
    ),
)

EXEC_TEAM = "Leadership"
HR_TEAM = "People & Culture"
SPOTLIGHT_LEAD_TEAM = "Cloud Platform"  # the lead shown first in the demo sign-in picker

# Skills: name, category, framework, external id (None: an ESCO-like URI is made from the name).
_SKILLS: tuple[tuple[str, str, str, str | None], ...] = (
    ("Cloud Architecture", "Cloud", "SFIA", "ARCH"),
    ("Infrastructure Operations", "Cloud", "SFIA", "ITOP"),
    ("AWS Cloud Services", "Cloud", "ESCO", None),
    ("Azure Cloud Services", "Cloud", "ESCO", None),
    ("Kubernetes", "Cloud", "ESCO", None),
    ("Infrastructure as Code (Terraform)", "Cloud", "ESCO", None),
    ("Site Reliability Engineering", "Cloud", "ESCO", None),
    ("Network Design", "Networking", "SFIA", "NTDS"),
    ("Network Support", "Networking", "SFIA", "NTAS"),
    ("Linux Administration", "DevOps", "ESCO", None),
    ("CI/CD Pipelines", "DevOps", "ESCO", None),
    ("Configuration Management", "DevOps", "SFIA", "CFMG"),
    ("Release and Deployment", "DevOps", "SFIA", "RELM"),
    ("Observability and Monitoring", "DevOps", "ESCO", None),
    ("Programming (Python)", "Software", "SFIA", "PROG"),
    ("Information Security", "Security", "SFIA", "SCTY"),
    ("Security Operations", "Security", "SFIA", "SCAD"),
    ("Penetration Testing", "Security", "SFIA", "PENT"),
    ("Vulnerability Assessment", "Security", "SFIA", "VUAS"),
    ("Incident Management", "Security", "SFIA", "USUP"),
    ("Cloud Security", "Security", "ESCO", None),
    ("Post-Quantum Cryptography", "Security", "ESCO", None),
    ("Data Protection (GDPR)", "Compliance", "ESCO", None),
    ("SQL", "Data", "ESCO", None),
    ("Data Engineering", "Data", "SFIA", "DENG"),
    ("Data Science", "Data", "SFIA", "DATS"),
    ("Machine Learning", "Data", "SFIA", "MLNG"),
    ("Data Visualisation", "Data", "SFIA", "VISL"),
    ("Business Intelligence", "Data", "SFIA", "BINT"),
    ("Customer Service Support", "Customer", "SFIA", "CSMG"),
    ("Complaint Handling", "Customer", "ESCO", None),
    ("De-escalation", "Customer", "ESCO", None),
    ("CRM Systems", "Customer", "ESCO", None),
    ("Technical Troubleshooting", "Customer", "ESCO", None),
    ("EV High-Voltage Safety", "EV Service", "ESCO", None),
    ("EV Battery Diagnostics", "EV Service", "ESCO", None),
    ("Battery Thermal Management", "EV Service", "ESCO", None),
    ("Charging Infrastructure Maintenance", "EV Service", "ESCO", None),
    ("Electrical Installation Inspection", "EV Service", "ESCO", None),
    ("First Aid at Work", "Health & Safety", "ESCO", None),
    ("Learning Design", "People", "SFIA", "TMCR"),
    ("Resourcing", "People", "SFIA", "RESC"),
    ("Performance Management", "People", "SFIA", "PEMT"),
    ("Employee Relations", "People", "ESCO", None),
    ("Leadership and People Management", "Leadership", "ESCO", None),
    ("Project Management", "Leadership", "SFIA", "PRMG"),
    ("Financial Management", "Leadership", "SFIA", "FMIT"),
)


@dataclass(frozen=True)
class SkillSpec:
    name: str
    category: str
    framework: str
    external_id: str
    description: str


def _esco_like(name: str) -> str:
    return f"http://data.europa.eu/esco/skill/{uuid.uuid5(uuid.NAMESPACE_URL, 'upskill-demo/' + name)}"


SKILLS: tuple[SkillSpec, ...] = tuple(
    SkillSpec(
        name,
        category,
        framework,
        code or _esco_like(name),
        f"{name}: {category.lower()} skill (SFIA code {code})."
        if code
        else f"{name}: {category.lower()} skill.",
    )
    for name, category, framework, code in _SKILLS
)


@dataclass(frozen=True)
class ProviderSpec:
    key: str
    name: str
    kind: str
    url: str


PROVIDERS: tuple[ProviderSpec, ...] = (
    ProviderSpec("nbu", "Northbridge University", "university", "https://www.northbridge.example/"),
    ProviderSpec(
        "ruas", "Rijnland University of Applied Sciences", "university", "https://www.rijnland.example/"
    ),
    ProviderSpec("stratus", "Stratus Cloud Academy", "vendor", "https://academy.stratuscloud.example/"),
    ProviderSpec("dataforge", "DataForge Learning", "vendor", "https://learn.dataforge.example/"),
    ProviderSpec("osf", "OpenSkills Foundation", "non_profit", "https://openskills.example/"),
    ProviderSpec("ksi", "Kestrel Security Institute", "non_profit", "https://www.kestrel-security.example/"),
    ProviderSpec("voltway", "Voltway EV Training Centre", "vendor", "https://training.voltway.example/"),
    ProviderSpec("academy", "Voltaria Academy", "internal", "https://academy.voltaria.example/"),
)


@dataclass(frozen=True)
class CredentialSpec:
    """A micro-credential. `kind`: regular, compliance (renewed on a schedule), emerging (launched
    recently, nobody has finished it yet) or retired (no longer offered)."""

    code: str
    title: str
    provider: str
    hours: str
    cost: str
    currency: str
    delivery: str
    validity_months: int | None
    skills: tuple[tuple[str, int], ...]
    kind: str = "regular"


CREDENTIALS: tuple[CredentialSpec, ...] = (
    # Cloud vendor certifications
    CredentialSpec(
        "STR-CLF", "Stratus Cloud Foundations", "stratus", "20", "100", "USD", "online", 36,
        (("AWS Cloud Services", 2), ("Cloud Architecture", 1)),
    ),
    CredentialSpec(
        "STR-SAA", "Stratus Solutions Architect – Associate", "stratus", "60", "150", "USD", "online", 36,
        (("AWS Cloud Services", 3), ("Cloud Architecture", 3)),
    ),
    CredentialSpec(
        "STR-SAP", "Stratus Solutions Architect – Professional", "stratus", "120", "300", "USD", "online", 36,
        (("AWS Cloud Services", 4), ("Cloud Architecture", 4)),
    ),
    CredentialSpec(
        "STR-NET", "Stratus Advanced Networking – Specialty", "stratus", "80", "300", "USD", "online", 36,
        (("Network Design", 4), ("AWS Cloud Services", 3)),
    ),
    CredentialSpec(
        "STR-SEC", "Stratus Security – Specialty", "stratus", "70", "300", "USD", "online", 36,
        (("Cloud Security", 4), ("Information Security", 3)),
    ),
    CredentialSpec(
        "STR-IAC", "Infrastructure as Code Associate (Terraform)", "stratus", "30", "70.50", "USD", "online",
        24, (("Infrastructure as Code (Terraform)", 3),),
    ),
    # Open-source foundation certifications and free courses
    CredentialSpec(
        "OSF-KCA", "Certified Kubernetes Administrator", "osf", "60", "395", "USD", "online", 24,
        (("Kubernetes", 3), ("Infrastructure Operations", 3)),
    ),
    CredentialSpec(
        "OSF-KCD", "Certified Kubernetes Application Developer", "osf", "50", "395", "USD", "online", 24,
        (("Kubernetes", 3), ("CI/CD Pipelines", 2)),
    ),
    CredentialSpec(
        "OSF-LFS", "Linux System Administration Essentials", "osf", "30", "0", "EUR", "online", None,
        (("Linux Administration", 2),),
    ),
    CredentialSpec(
        "OSF-OBS", "Observability with OpenTelemetry", "osf", "16", "0", "EUR", "online", None,
        (("Observability and Monitoring", 2),),
    ),
    CredentialSpec(
        "OSF-GIT", "Git and CI/CD Fundamentals", "osf", "12", "0", "EUR", "online", None,
        (("CI/CD Pipelines", 2), ("Release and Deployment", 1)),
    ),
    # University modules (15 credits each), stackable into postgraduate certificates
    CredentialSpec(
        "NBU-CLD-110", "Cloud Computing Principles (15 credits)", "nbu", "150", "1250", "GBP", "blended",
        None,
        (("Cloud Architecture", 2), ("Infrastructure Operations", 2)),
    ),
    CredentialSpec(
        "NBU-CLD-120", "Multi-cloud Engineering (15 credits)", "nbu", "150", "1250", "GBP", "online", None,
        (("Azure Cloud Services", 3), ("Cloud Architecture", 3)),
    ),
    CredentialSpec(
        "NBU-CLD-130", "Site Reliability Engineering in Practice (15 credits)", "nbu", "150", "1250", "GBP",
        "online", None, (("Site Reliability Engineering", 3), ("Observability and Monitoring", 3)),
    ),
    CredentialSpec(
        "NBU-CLD-140", "Cloud Engineering Capstone (15 credits)", "nbu", "150", "1400", "GBP", "blended",
        None,
        (("Cloud Architecture", 4), ("Infrastructure as Code (Terraform)", 3)),
    ),
    CredentialSpec(
        "NBU-CYB-110", "Foundations of Cyber Security (15 credits)", "nbu", "150", "1250", "GBP", "online",
        None, (("Information Security", 2), ("Vulnerability Assessment", 2)),
    ),
    CredentialSpec(
        "NBU-CYB-120", "Security Operations and Incident Response (15 credits)", "nbu", "150", "1250", "GBP",
        "online", None, (("Security Operations", 3), ("Incident Management", 3)),
    ),
    CredentialSpec(
        "NBU-CYB-130", "Ethical Hacking (15 credits)", "nbu", "150", "1250", "GBP", "blended", None,
        (("Penetration Testing", 3),),
    ),
    CredentialSpec(
        "NBU-CYB-140", "Post-Quantum Cryptography (15 credits)", "nbu", "150", "1400", "GBP", "online", None,
        (("Post-Quantum Cryptography", 3),), "emerging",
    ),
    # Applied-sciences data modules
    CredentialSpec(
        "RUAS-DA-1", "Data Analytics with SQL", "ruas", "40", "450", "EUR", "online", None,
        (("SQL", 3), ("Business Intelligence", 2)),
    ),
    CredentialSpec(
        "RUAS-DA-2", "Data Visualisation and Storytelling", "ruas", "40", "450", "EUR", "online", None,
        (("Data Visualisation", 3),),
    ),
    CredentialSpec(
        "RUAS-DA-3", "Applied Machine Learning", "ruas", "80", "900", "EUR", "blended", None,
        (("Machine Learning", 3), ("Data Science", 3)),
    ),
    CredentialSpec(
        "RUAS-DA-4", "Data Engineering Pipelines", "ruas", "80", "900", "EUR", "online", None,
        (("Data Engineering", 3), ("Programming (Python)", 2)),
    ),
    CredentialSpec(
        "RUAS-DA-5", "Data Analytics Capstone Project", "ruas", "100", "950", "EUR", "blended", None,
        (("Data Science", 3), ("Business Intelligence", 3)),
    ),
    CredentialSpec(
        "DFL-PY", "Python for Data and Automation", "dataforge", "30", "49", "USD", "online", None,
        (("Programming (Python)", 2),),
    ),
    CredentialSpec(
        "DFL-BI", "BI Data Analyst Certification", "dataforge", "35", "165", "USD", "online", 12,
        (("Business Intelligence", 3), ("Data Visualisation", 2)),
    ),
    # Security certifications from a non-profit institute
    CredentialSpec(
        "KSI-CC", "Certified in Cybersecurity (entry level)", "ksi", "25", "50", "USD", "online", 36,
        (("Information Security", 2),),
    ),
    CredentialSpec(
        "KSI-SOC", "SOC Analyst Practitioner", "ksi", "60", "450", "USD", "online", 36,
        (("Security Operations", 3), ("Incident Management", 2)),
    ),
    CredentialSpec(
        "KSI-VUL", "Vulnerability Management Practitioner", "ksi", "40", "350", "USD", "online", 36,
        (("Vulnerability Assessment", 3),),
    ),
    # EV maintenance, classroom and workshop
    CredentialSpec(
        "VEV-HV1", "EV High-Voltage Safety – Level 1 (awareness)", "voltway", "8", "220", "EUR", "in_person",
        24, (("EV High-Voltage Safety", 1),),
    ),
    CredentialSpec(
        "VEV-HV3", "EV High-Voltage Safety – Level 3 (live working)", "voltway", "24", "890", "EUR",
        "in_person", 24, (("EV High-Voltage Safety", 3),), "compliance",
    ),
    CredentialSpec(
        "VEV-BAT", "EV Battery Diagnostics and Repair", "voltway", "32", "1150", "EUR", "blended", 36,
        (("EV Battery Diagnostics", 3),),
    ),
    CredentialSpec(
        "VEV-CHG", "DC Fast-Charger Maintenance", "voltway", "24", "780", "EUR", "in_person", 36,
        (("Charging Infrastructure Maintenance", 3),),
    ),
    CredentialSpec(
        "VEV-TMS", "Battery Thermal Management Systems", "voltway", "24", "950", "EUR", "blended", 36,
        (("Battery Thermal Management", 3),), "emerging",
    ),
    CredentialSpec(
        "VEV-INS", "Electrical Installation Inspection (IEC 60364)", "voltway", "40", "1200", "EUR",
        "in_person", 60, (("Electrical Installation Inspection", 3),),
    ),
    # In-house academy
    CredentialSpec(
        "VA-SEC-AW", "Information Security Awareness (annual)", "academy", "1.5", "0", "EUR", "online", 12,
        (("Information Security", 1),), "compliance",
    ),
    CredentialSpec(
        "VA-GDPR", "Data Protection and GDPR Essentials (annual)", "academy", "1", "0", "EUR", "online", 12,
        (("Data Protection (GDPR)", 1),), "compliance",
    ),
    CredentialSpec(
        "VA-CS-101", "Customer Care Fundamentals", "academy", "12", "0", "EUR", "blended", None,
        (("Customer Service Support", 2), ("Complaint Handling", 1)),
    ),
    CredentialSpec(
        "VA-CS-201", "De-escalation and Complaint Handling", "academy", "8", "150", "EUR", "in_person", None,
        (("Complaint Handling", 3), ("De-escalation", 3)),
    ),
    CredentialSpec(
        "VA-CS-210", "CRM Power User", "academy", "6", "0", "EUR", "online", None, (("CRM Systems", 3),),
    ),
    CredentialSpec(
        "VA-CS-301", "Technical Troubleshooting for EV Chargers", "academy", "10", "0", "EUR", "online", None,
        (("Technical Troubleshooting", 3), ("Charging Infrastructure Maintenance", 1)),
    ),
    CredentialSpec(
        "VA-LEAD-1", "First-time Manager Programme", "academy", "24", "600", "EUR", "blended", None,
        (("Leadership and People Management", 3), ("Performance Management", 2)),
    ),
    CredentialSpec(
        "VA-FA", "First Aid at Work", "academy", "8", "120", "EUR", "in_person", 36,
        (("First Aid at Work", 2),),
    ),
    CredentialSpec(
        "VA-HR-1", "Learning Design Essentials", "academy", "16", "0", "EUR", "online", None,
        (("Learning Design", 3),),
    ),
    CredentialSpec(
        "VA-HR-2", "Interviewing and Inclusive Hiring", "academy", "6", "0", "EUR", "in_person", None,
        (("Resourcing", 2),),
    ),
    CredentialSpec(
        "VA-DC-100", "Datacentre Operations Basics (retired)", "academy", "10", "0", "EUR", "in_person", None,
        (("Infrastructure Operations", 2),), "retired",
    ),
)  # fmt: skip

# Annual campaigns: everyone employed is assigned these each year (and at hire).
ANNUAL_COMPLIANCE = ("VA-SEC-AW", "VA-GDPR")
# Role-bound certificates renewed before they expire: credential -> job titles that need it.
RENEWED_COMPLIANCE = {
    "VEV-HV3": (
        "EV Service Technician",
        "Senior EV Technician",
        "High-Voltage Specialist",
        "Field Service Supervisor",
        "Senior Field Service Supervisor",
    ),
}


@dataclass(frozen=True)
class PathwaySpec:
    title: str
    provider: str
    qualification: str
    items: tuple[tuple[str, bool], ...]  # credential code, required


PATHWAYS: tuple[PathwaySpec, ...] = (
    PathwaySpec(
        "Cloud Engineering Postgraduate Certificate",
        "nbu",
        "PgCert Cloud Engineering (60 credits)",
        (("NBU-CLD-110", True), ("NBU-CLD-120", True), ("NBU-CLD-130", True), ("NBU-CLD-140", True)),
    ),
    PathwaySpec(
        "Cyber Security Postgraduate Certificate",
        "nbu",
        "PgCert Cyber Security (60 credits)",
        (("NBU-CYB-110", True), ("NBU-CYB-120", True), ("NBU-CYB-130", True), ("NBU-CYB-140", False)),
    ),
    PathwaySpec(
        "Data Analytics Associate Programme",
        "ruas",
        "Associate Degree credit: Data Analytics (30 ECTS)",
        (
            ("RUAS-DA-1", True),
            ("RUAS-DA-2", True),
            ("RUAS-DA-3", True),
            ("RUAS-DA-4", True),
            ("RUAS-DA-5", True),
        ),
    ),
    PathwaySpec(
        "EV Service Technician Level 3",
        "voltway",
        "EV Technician Level 3 (vocational certificate)",
        (("VEV-HV1", True), ("VEV-HV3", True), ("VEV-BAT", True), ("VEV-CHG", True), ("VEV-TMS", False)),
    ),
    PathwaySpec(
        "Cloud Practitioner to Architect",
        "stratus",
        "Stratus Certified Architect track",
        (("STR-CLF", True), ("STR-SAA", True), ("STR-SAP", True)),
    ),
    PathwaySpec(
        "Customer Care Excellence",
        "academy",
        "Voltaria Customer Care Certificate",
        (("VA-CS-101", True), ("VA-CS-201", True), ("VA-CS-210", True), ("VA-CS-301", False)),
    ),
)


@dataclass(frozen=True)
class OnboardingSpec:
    name: str
    job_role: str | None
    team: str | None
    items: tuple[tuple[str, int], ...]  # credential code, due days after hire


ONBOARDING: tuple[OnboardingSpec, ...] = (
    OnboardingSpec(
        "Cloud Platform onboarding", None, "Cloud Platform",
        (("OSF-LFS", 30), ("OSF-GIT", 45), ("STR-CLF", 60)),
    ),
    OnboardingSpec("Cloud Networking onboarding", None, "Cloud Networking", (("STR-CLF", 60),)),
    OnboardingSpec("DevOps onboarding", None, "DevOps", (("OSF-GIT", 30), ("OSF-LFS", 45), ("OSF-OBS", 90))),
    OnboardingSpec("Security onboarding", None, "Security", (("KSI-CC", 60),)),
    OnboardingSpec("SOC analyst onboarding", None, "Security Operations", (("KSI-CC", 60), ("KSI-SOC", 120))),
    OnboardingSpec(
        "Data & Analytics onboarding", None, "Data & Analytics", (("DFL-PY", 60), ("RUAS-DA-1", 90)),
    ),
    OnboardingSpec(
        "Customer Care agent onboarding", "Customer Care Agent", None,
        (("VA-CS-101", 14), ("VA-CS-210", 30)),
    ),
    OnboardingSpec(
        "Tier 2 specialist onboarding", "Technical Support Specialist", "Customer Care Tier 2",
        (("VA-CS-210", 21), ("VA-CS-301", 30)),
    ),
    OnboardingSpec(
        "EV technician onboarding", "EV Service Technician", None,
        (("VEV-HV1", 7), ("VA-FA", 30), ("VEV-HV3", 60)),
    ),
    OnboardingSpec(
        "Senior EV technician onboarding", "Senior EV Technician", None, (("VEV-HV3", 30), ("VA-FA", 30)),
    ),
    OnboardingSpec("New manager onboarding", "Engineering Manager", None, (("VA-LEAD-1", 120),)),
    OnboardingSpec(
        "People & Culture onboarding", None, "People & Culture", (("VA-HR-2", 30), ("VA-HR-1", 90)),
    ),
)  # fmt: skip

# The pathway a team's keenest learners follow, one credential after the other.
TEAM_PATHWAY: dict[str, str] = {
    "Cloud Platform": "Cloud Practitioner to Architect",
    "Cloud Networking": "Cloud Practitioner to Architect",
    "DevOps": "Cloud Engineering Postgraduate Certificate",
    "Security": "Cyber Security Postgraduate Certificate",
    "Security Operations": "Cyber Security Postgraduate Certificate",
    "Data & Analytics": "Data Analytics Associate Programme",
    "Customer Care": "Customer Care Excellence",
    "Customer Care Tier 2": "Customer Care Excellence",
    "Field Service North": "EV Service Technician Level 3",
    "Field Service South": "EV Service Technician Level 3",
}

# What a team lead assigns to close skill gaps.
TEAM_FOCUS: dict[str, tuple[str, ...]] = {
    "Cloud Platform": ("OSF-KCA", "STR-SAA", "STR-IAC", "NBU-CLD-130", "STR-SAP"),
    "Cloud Networking": ("STR-NET", "STR-SAA"),
    "DevOps": ("OSF-KCA", "OSF-KCD", "OSF-OBS", "STR-IAC"),
    "Security": ("STR-SEC", "KSI-VUL", "NBU-CYB-130", "NBU-CYB-140"),
    "Security Operations": ("KSI-SOC", "NBU-CYB-120", "KSI-VUL"),
    "Data & Analytics": ("RUAS-DA-3", "RUAS-DA-4", "DFL-BI", "RUAS-DA-2"),
    "Customer Care": ("VA-CS-201", "VA-CS-210"),
    "Customer Care Tier 2": ("VA-CS-301", "VA-CS-201"),
    "Field Service": ("VEV-CHG",),
    "Field Service North": ("VEV-BAT", "VEV-CHG", "VEV-TMS", "VEV-INS"),
    "Field Service South": ("VEV-BAT", "VEV-CHG", "VEV-TMS", "VEV-INS"),
    "People & Culture": ("VA-HR-1",),
    "Engineering": ("VA-LEAD-1",),
    "Operations": ("VA-LEAD-1",),
}

# What people choose for themselves beyond their team's focus.
GENERAL_INTEREST = (
    "DFL-PY",
    "OSF-OBS",
    "STR-CLF",
    "RUAS-DA-2",
    "KSI-CC",
    "VA-LEAD-1",
    "RUAS-DA-1",
    "VA-DC-100",
)

# Skills a manager assesses per team, with the typical level.
TEAM_SKILLS: dict[str, tuple[tuple[str, int], ...]] = {
    "Leadership": (
        ("Leadership and People Management", 4),
        ("Financial Management", 3),
        ("Project Management", 3),
    ),
    "People & Culture": (
        ("Resourcing", 3),
        ("Performance Management", 3),
        ("Learning Design", 2),
        ("Employee Relations", 3),
    ),
    "Engineering": (
        ("Leadership and People Management", 3),
        ("Cloud Architecture", 3),
        ("Project Management", 3),
    ),
    "Cloud Platform": (
        ("Kubernetes", 2),
        ("AWS Cloud Services", 3),
        ("Infrastructure as Code (Terraform)", 2),
        ("Cloud Architecture", 2),
        ("Linux Administration", 3),
        ("Site Reliability Engineering", 2),
        ("Infrastructure Operations", 3),
    ),
    "Cloud Networking": (
        ("Network Design", 3),
        ("Network Support", 3),
        ("AWS Cloud Services", 2),
        ("Linux Administration", 2),
    ),
    "DevOps": (
        ("CI/CD Pipelines", 3),
        ("Kubernetes", 2),
        ("Configuration Management", 3),
        ("Release and Deployment", 3),
        ("Observability and Monitoring", 2),
        ("Programming (Python)", 2),
        ("Linux Administration", 3),
    ),
    "Security": (
        ("Information Security", 3),
        ("Cloud Security", 2),
        ("Vulnerability Assessment", 2),
        ("Penetration Testing", 2),
    ),
    "Security Operations": (
        ("Security Operations", 3),
        ("Incident Management", 3),
        ("Information Security", 2),
        ("Vulnerability Assessment", 2),
    ),
    "Data & Analytics": (
        ("SQL", 3),
        ("Data Engineering", 2),
        ("Data Science", 2),
        ("Machine Learning", 2),
        ("Data Visualisation", 3),
        ("Business Intelligence", 3),
        ("Programming (Python)", 2),
    ),
    "Operations": (("Project Management", 3), ("Leadership and People Management", 3)),
    "Customer Care": (
        ("Customer Service Support", 3),
        ("Complaint Handling", 2),
        ("CRM Systems", 3),
        ("De-escalation", 2),
    ),
    "Customer Care Tier 2": (
        ("Technical Troubleshooting", 3),
        ("CRM Systems", 3),
        ("Customer Service Support", 3),
        ("Charging Infrastructure Maintenance", 1),
    ),
    "Field Service": (
        ("Project Management", 2),
        ("Charging Infrastructure Maintenance", 2),
        ("CRM Systems", 2),
    ),
    "Field Service North": (
        ("EV High-Voltage Safety", 2),
        ("EV Battery Diagnostics", 2),
        ("Charging Infrastructure Maintenance", 3),
        ("Electrical Installation Inspection", 2),
        ("First Aid at Work", 1),
    ),
    "Field Service South": (
        ("EV High-Voltage Safety", 2),
        ("EV Battery Diagnostics", 2),
        ("Charging Infrastructure Maintenance", 3),
        ("Electrical Installation Inspection", 2),
        ("First Aid at Work", 1),
    ),
}  # fmt: skip

# Team skill targets: skill, minimum level, intended coverage (met / partial / zero), priority.
# The headcount is sized from the generated people so each intent holds for any seed and size.
TARGETS: dict[str, tuple[tuple[str, int, str, str], ...]] = {
    "Cloud Platform": (
        ("Kubernetes", 3, "partial", "high"),
        ("AWS Cloud Services", 3, "met", "high"),
        ("Infrastructure as Code (Terraform)", 3, "partial", "medium"),
        ("Site Reliability Engineering", 3, "partial", "medium"),
        ("Linux Administration", 2, "met", "low"),
    ),
    "Cloud Networking": (
        ("Network Design", 3, "met", "high"),
        ("AWS Cloud Services", 3, "partial", "medium"),
    ),
    "DevOps": (
        ("CI/CD Pipelines", 3, "met", "high"),
        ("Kubernetes", 3, "partial", "high"),
        ("Observability and Monitoring", 3, "partial", "medium"),
    ),
    "Security": (
        ("Information Security", 3, "met", "high"),
        ("Cloud Security", 3, "partial", "high"),
        ("Post-Quantum Cryptography", 2, "zero", "medium"),
    ),
    "Security Operations": (
        ("Security Operations", 3, "met", "high"),
        ("Incident Management", 3, "partial", "high"),
    ),
    "Data & Analytics": (
        ("SQL", 3, "met", "high"),
        ("Machine Learning", 3, "partial", "medium"),
        ("Data Engineering", 3, "partial", "high"),
        ("Data Visualisation", 3, "met", "low"),
    ),
    "Customer Care": (
        ("Customer Service Support", 2, "met", "high"),
        ("Complaint Handling", 3, "partial", "medium"),
        ("CRM Systems", 2, "met", "medium"),
    ),
    "Customer Care Tier 2": (("Technical Troubleshooting", 3, "partial", "high"),),
    "Field Service North": (
        ("EV High-Voltage Safety", 3, "met", "high"),
        ("EV Battery Diagnostics", 3, "partial", "high"),
        ("Battery Thermal Management", 2, "zero", "medium"),
        ("Charging Infrastructure Maintenance", 3, "met", "medium"),
    ),
    "Field Service South": (
        ("EV High-Voltage Safety", 3, "partial", "high"),
        ("EV Battery Diagnostics", 3, "partial", "medium"),
        ("Battery Thermal Management", 2, "zero", "medium"),
    ),
    "People & Culture": (("Learning Design", 3, "partial", "medium"),),
}  # fmt: skip

ORGANISATION_WEEKLY_TARGET = 240
# Team policies: team, weekly minutes, and when they start ("history" = mid-way through the generated weeks).
TEAM_POLICIES = (("Customer Care", 120, "history"), ("Security", 300, "founding"))

STUDY_NOTES = (
    "Video lectures",
    "Reading: course notes",
    "Hands-on lab",
    "Practice exam",
    "Peer study group",
    "Mentoring session",
    "Assignment work",
    'Lab: "kubectl drain" and node upgrades',
    "Webinar, then notes",
    "Quiz 3 – retake",
    "Workshop day (classroom)",
)
