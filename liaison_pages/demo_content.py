"""The words and names of the demo portal: faculties, programmes, librarians, guides and posts.

Fictional people and a fictional university; database names are real products that libraries
license, linked through the library's own (example) proxy addresses.
"""

from taxonomy.models import Programme

UG = Programme.Level.UNDERGRADUATE
PG = Programme.Level.GRADUATE
PHD = Programme.Level.DOCTORAL
CERT = Programme.Level.CERTIFICATE

# faculty -> department -> [(code, name, level)]
FACULTIES = {
    "Faculty of Science and Engineering": {
        "Chemistry": [
            ("BSC-CHEM", "BSc Chemistry", UG),
            ("MSC-ANCHEM", "MSc Analytical Chemistry", PG),
            ("PHD-CHEM", "PhD Chemistry", PHD),
        ],
        "Physics and Astronomy": [
            ("BSC-PHYS", "BSc Physics", UG),
            ("MPHYS-ASTRO", "MPhys Physics with Astrophysics", UG),
        ],
        "Computer Science": [
            ("BSC-CS", "BSc Computer Science", UG),
            ("MSC-DS", "MSc Data Science", PG),
            ("PHD-CS", "PhD Computer Science", PHD),
        ],
        "Mathematics and Statistics": [
            ("BSC-MATH", "BSc Mathematics", UG),
            ("MSC-STAT", "MSc Applied Statistics", PG),
        ],
        "Biological Sciences": [
            ("BSC-BIO", "BSc Biology", UG),
            ("BSC-BIOMED", "BSc Biomedical Science", UG),
            ("MRES-ECOL", "MRes Ecology and Conservation", PG),
        ],
    },
    "Faculty of Arts and Humanities": {
        "History": [
            ("BA-HIST", "BA History", UG),
            ("MA-HIST", "MA History", PG),
            ("PHD-HIST", "PhD History", PHD),
        ],
        "English and Creative Writing": [
            ("BA-ENGL", "BA English Literature", UG),
            ("MA-CW", "MA Creative Writing", PG),
        ],
        "Philosophy": [("BA-PHIL", "BA Philosophy", UG), ("MA-PHIL", "MA Philosophy", PG)],
        "Modern Languages": [
            ("BA-MLANG", "BA Modern Languages", UG),
            ("CERT-LANG", "Certificate in Language Studies", CERT),
        ],
        "Music": [("BMUS", "BMus Music", UG), ("MA-MUSIC", "MA Musicology", PG)],
    },
    "Faculty of Social Sciences and Law": {
        "Economics": [("BSC-ECON", "BSc Economics", UG), ("MSC-ECON", "MSc Economics", PG)],
        "Psychology": [
            ("BSC-PSYCH", "BSc Psychology", UG),
            ("MSC-CLINPSY", "MSc Clinical Psychology", PG),
            ("PHD-PSYCH", "PhD Psychology", PHD),
        ],
        "Sociology": [("BA-SOC", "BA Sociology", UG)],
        "Politics and International Relations": [
            ("BA-POL", "BA Politics", UG),
            ("MA-IR", "MA International Relations", PG),
        ],
        "Law": [("LLB", "LLB Law", UG), ("LLM-INTL", "LLM International Law", PG)],
    },
    "Faculty of Medicine and Health": {
        "Nursing and Midwifery": [
            ("BSC-NURS", "BSc Adult Nursing", UG),
            ("BSC-MIDW", "BSc Midwifery", UG),
        ],
        "Medicine": [("MBCHB", "MBChB Medicine", UG)],
        "Public Health": [
            ("MPH", "Master of Public Health", PG),
            ("PGDIP-GH", "Postgraduate Diploma in Global Health", CERT),
        ],
    },
}

SUBJECTS = {
    "Chemistry": "Chemical literature, structures, reactions and safety data.",
    "Physics": "Physics and astronomy papers, preprints and data.",
    "Computer Science": "Computing literature, conference proceedings and software.",
    "Mathematics": "Pure and applied mathematics.",
    "Statistics and Data": "Finding, citing and managing data sets.",
    "Biology": "Life sciences, ecology and biomedical research.",
    "Medicine": "Clinical and biomedical literature, evidence-based practice.",
    "Nursing and Midwifery": "Evidence for nursing and midwifery practice.",
    "Public Health": "Population health, epidemiology and global health.",
    "History": "Primary sources, archives and historical scholarship.",
    "Literature": "Literary texts, criticism and creative writing.",
    "Philosophy": "Philosophical texts and scholarship.",
    "Languages and Linguistics": "Modern languages, translation and linguistics.",
    "Music": "Scores, recordings and musicology.",
    "Economics": "Economic literature, working papers and statistics.",
    "Psychology": "Psychological research, tests and measures.",
    "Sociology": "Social research and theory.",
    "Politics": "Political science, policy and international relations.",
    "Law": "Legislation, case law and legal scholarship.",
    "Research Methods": "Planning a search, literature reviews and research design.",
    "Systematic Reviews": "Protocols, search strategies and reporting for systematic reviews.",
    "Open Access and Publishing": "Publishing your work openly and choosing where to publish.",
    "Citing and Referencing": "Referencing styles and reference managers.",
    "Archives and Special Collections": "Rare books, manuscripts and the university archive.",
}

# Key resources per subject: (title, url, description, access note)
DATABASES = {
    "Chemistry": [
        (
            "SciFinder-n",
            "scifinder",
            "Substances, reactions and the chemistry literature (CAS).",
            "Register with your university email first",
        ),
        (
            "Reaxys",
            "reaxys",
            "Reactions, properties and synthesis routes.",
            "Sign-in needed off campus",
        ),
        ("Royal Society of Chemistry journals", "rsc", "Full text of RSC journals since 1841.", ""),
    ],
    "Physics": [
        (
            "Inspec",
            "inspec",
            "Physics, electrical engineering and computing since 1898.",
            "Sign-in needed off campus",
        ),
        (
            "arXiv",
            "https://arxiv.org/",
            "Open preprints in physics, astronomy and mathematics.",
            "Open access",
        ),
        ("NASA ADS", "https://ui.adsabs.harvard.edu/", "Astrophysics Data System.", "Open access"),
    ],
    "Computer Science": [
        (
            "ACM Digital Library",
            "acm",
            "ACM journals and conference proceedings.",
            "Sign-in needed off campus",
        ),
        (
            "IEEE Xplore",
            "ieee",
            "IEEE journals, standards and conferences.",
            "Sign-in needed off campus",
        ),
        ("dblp", "https://dblp.org/", "Open bibliography of computer science.", "Open access"),
    ],
    "Mathematics": [
        (
            "MathSciNet",
            "mathscinet",
            "Reviews of the mathematical literature.",
            "Sign-in needed off campus",
        ),
        (
            "zbMATH Open",
            "https://zbmath.org/",
            "Open abstracting service for mathematics.",
            "Open access",
        ),
    ],
    "Statistics and Data": [
        (
            "UK Data Service",
            "ukds",
            "Survey, census and longitudinal data.",
            "Register to download",
        ),
        (
            "Statista",
            "statista",
            "Statistics and market data from many sources.",
            "On campus or with sign-in",
        ),
    ],
    "Biology": [
        (
            "Web of Science",
            "wos",
            "Citation searching across the sciences.",
            "Sign-in needed off campus",
        ),
        (
            "PubMed",
            "https://pubmed.ncbi.nlm.nih.gov/",
            "Biomedical literature from MEDLINE.",
            "Open access",
        ),
        ("BIOSIS Previews", "biosis", "Life sciences abstracts and meeting papers.", ""),
    ],
    "Medicine": [
        (
            "MEDLINE (Ovid)",
            "medline",
            "The core biomedical database, with MeSH searching.",
            "Sign-in needed off campus",
        ),
        ("Cochrane Library", "cochrane", "Systematic reviews and controlled trials.", ""),
        (
            "Embase",
            "embase",
            "Biomedical and pharmacological literature.",
            "Sign-in needed off campus",
        ),
    ],
    "Nursing and Midwifery": [
        (
            "CINAHL Complete",
            "cinahl",
            "Nursing and allied health journals.",
            "Sign-in needed off campus",
        ),
        ("MIDIRS", "midirs", "Maternity and infant care literature.", ""),
    ],
    "Public Health": [
        (
            "Global Health",
            "globalhealth",
            "International public health research.",
            "Sign-in needed off campus",
        ),
        (
            "WHO IRIS",
            "https://iris.who.int/",
            "World Health Organization publications.",
            "Open access",
        ),
    ],
    "History": [
        ("JSTOR", "jstor", "Back runs of history journals and primary sources.", ""),
        (
            "Historical Abstracts",
            "histabs",
            "World history from 1450 onwards.",
            "Sign-in needed off campus",
        ),
        ("Early English Books Online", "eebo", "Books printed in English 1473–1700.", ""),
    ],
    "Literature": [
        (
            "MLA International Bibliography",
            "mla",
            "Literature, languages and film.",
            "Sign-in needed off campus",
        ),
        ("Literature Online", "lion", "Poetry, drama and prose with criticism.", ""),
    ],
    "Philosophy": [
        (
            "PhilPapers",
            "https://philpapers.org/",
            "An index of research in philosophy.",
            "Open access",
        ),
        (
            "The Philosopher's Index",
            "philindex",
            "Philosophy journals and books since 1940.",
            "Sign-in needed off campus",
        ),
    ],
    "Languages and Linguistics": [
        (
            "Linguistics and Language Behavior Abstracts",
            "llba",
            "Linguistics research worldwide.",
            "",
        ),
        (
            "MLA International Bibliography",
            "mla",
            "Languages, literatures and film.",
            "Sign-in needed off campus",
        ),
    ],
    "Music": [
        (
            "RILM Abstracts",
            "rilm",
            "Writings on music in 200 languages.",
            "Sign-in needed off campus",
        ),
        ("Oxford Music Online", "grove", "Grove Music Online: the music encyclopaedia.", ""),
        (
            "Naxos Music Library",
            "naxos",
            "Streaming classical and jazz recordings.",
            "Five listeners at a time",
        ),
    ],
    "Economics": [
        (
            "EconLit",
            "econlit",
            "Economics journals, books and working papers.",
            "Sign-in needed off campus",
        ),
        (
            "RePEc / IDEAS",
            "https://ideas.repec.org/",
            "Open working papers in economics.",
            "Open access",
        ),
        ("OECD iLibrary", "oecd", "OECD statistics and reports.", ""),
    ],
    "Psychology": [
        (
            "APA PsycInfo",
            "psycinfo",
            "Psychology and behavioural sciences.",
            "Sign-in needed off campus",
        ),
        ("APA PsycTests", "psyctests", "Tests, measures and scales.", ""),
    ],
    "Sociology": [
        (
            "Sociological Abstracts",
            "socabs",
            "Sociology and social sciences research.",
            "Sign-in needed off campus",
        ),
        ("Sage Research Methods", "srm", "Methods books, cases and videos.", ""),
    ],
    "Politics": [
        (
            "Worldwide Political Science Abstracts",
            "wpsa",
            "Political science and policy.",
            "Sign-in needed off campus",
        ),
        (
            "UN Digital Library",
            "https://digitallibrary.un.org/",
            "UN documents, votes and speeches.",
            "Open access",
        ),
    ],
    "Law": [
        (
            "Westlaw",
            "westlaw",
            "Case law, legislation and journals.",
            "Law students and staff only",
        ),
        (
            "LexisLibrary",
            "lexis",
            "UK case law and practitioner texts.",
            "Law students and staff only",
        ),
        ("HeinOnline", "hein", "Law journals and historical legal materials.", ""),
    ],
}
GENERAL_RESOURCES = [
    ("Library Search", "catalogue", "Books, e-books, journals and articles in one search.", ""),
    (
        "Web of Science",
        "wos",
        "Citation searching across disciplines.",
        "Sign-in needed off campus",
    ),
    (
        "Scopus",
        "scopus",
        "Abstracts and citations from peer-reviewed literature.",
        "Sign-in needed off campus",
    ),
    (
        "Zotero",
        "https://www.zotero.org/",
        "Free reference manager; the library runs workshops.",
        "Free download",
    ),
]
BOOKS = [
    (
        "The Craft of Research",
        "Wayne C. Booth, Gregory G. Colomb, Joseph M. Williams",
        2016,
        "9780226239736",
    ),
    ("Doing a Literature Review", "Chris Hart", 2018, "9781526419217"),
    ("Cite Them Right", "Richard Pears, Graham Shields", 2022, "9781350933446"),
    ("How to Write a Thesis", "Rowena Murray", 2017, "9780335226986"),
    ("Research Design", "John W. Creswell, J. David Creswell", 2022, "9781071817940"),
    (
        "Systematic Approaches to a Successful Literature Review",
        "Andrew Booth, Anthea Sutton, Diana Papaioannou",
        2021,
        "9781529711073",
    ),
    ("The Good Research Guide", "Martyn Denscombe", 2021, "9780335249800"),
    ("Open Access", "Peter Suber", 2012, "9780262517638"),
]

# name, pronouns, job title, departments, subjects, capacity, accepting, languages
LIAISONS = [
    (
        "Ada Byrne",
        "she/her",
        "Science Liaison Librarian",
        ["Chemistry", "Physics and Astronomy"],
        ["Chemistry", "Physics", "Research Methods"],
        180,
        True,
        "English, Irish",
    ),
    (
        "Tomás Okafor",
        "he/him",
        "Liaison Librarian for Computing and Mathematics",
        ["Computer Science", "Mathematics and Statistics"],
        ["Computer Science", "Mathematics", "Statistics and Data"],
        200,
        True,
        "English, Spanish, Igbo",
    ),
    (
        "Priya Raman",
        "she/her",
        "Life Sciences Librarian",
        ["Biological Sciences", "Chemistry"],
        ["Biology", "Open Access and Publishing"],
        150,
        True,
        "English, Tamil",
    ),
    (
        "Margaret Lindqvist",
        "",
        "Humanities Liaison Librarian",
        ["History", "Philosophy"],
        ["History", "Philosophy", "Archives and Special Collections"],
        120,
        True,
        "English, Swedish, German",
    ),
    (
        "Samuel Adeyemi",
        "he/him",
        "Arts Liaison Librarian",
        ["English and Creative Writing", "Music"],
        ["Literature", "Music"],
        100,
        True,
        "English, Yoruba",
    ),
    (
        "Lucía Fernández",
        "she/her",
        "Languages and Area Studies Librarian",
        ["Modern Languages", "History"],
        ["Languages and Linguistics", "History"],
        80,
        True,
        "Spanish, English, French, Portuguese",
    ),
    (
        "Hiroshi Tanaka",
        "he/him",
        "Business and Economics Librarian",
        ["Economics", "Mathematics and Statistics"],
        ["Economics", "Statistics and Data"],
        160,
        True,
        "English, Japanese",
    ),
    (
        "Grace O'Connell",
        "she/her",
        "Social Sciences Librarian",
        ["Psychology", "Sociology"],
        ["Psychology", "Sociology", "Research Methods"],
        200,
        True,
        "English",
    ),
    (
        "Daniel Asante",
        "he/him",
        "Politics and Policy Librarian",
        ["Politics and International Relations", "Sociology"],
        ["Politics", "Citing and Referencing"],
        90,
        True,
        "English, French, Twi",
    ),
    (
        "Fatima Al-Sayed",
        "she/her",
        "Law Librarian",
        ["Law"],
        ["Law", "Citing and Referencing"],
        140,
        True,
        "English, Arabic",
    ),
    (
        "Eleanor Whitfield",
        "she/her",
        "Health Sciences Librarian",
        ["Nursing and Midwifery", "Public Health"],
        ["Nursing and Midwifery", "Public Health", "Systematic Reviews"],
        200,
        True,
        "English, Welsh",
    ),
    (
        "Rafael Costa",
        "they/them",
        "Clinical Librarian",
        ["Medicine", "Public Health", "Biological Sciences"],
        ["Medicine", "Systematic Reviews"],
        60,
        False,
        "Portuguese, English",
    ),
]

# title, summary, owner index, subjects, co-editor index or None, shape
GUIDES = [
    (
        "Chemistry: finding articles and data",
        "Databases, handbooks and safety data for chemistry students.",
        0,
        ["Chemistry"],
        2,
        "long",
    ),
    (
        "Physics and astronomy research",
        "Preprints, journals and data archives for physics and astronomy.",
        0,
        ["Physics"],
        None,
        "medium",
    ),
    (
        "Laboratory safety data sheets",
        "Where to find safety data and hazard information for chemicals.",
        0,
        ["Chemistry"],
        None,
        "short",
    ),
    (
        "Computer science literature",
        "Conference proceedings, journals and software for computing.",
        1,
        ["Computer Science"],
        None,
        "long",
    ),
    (
        "Mathematics: papers and books",
        "Reviews, preprints and key texts in mathematics.",
        1,
        ["Mathematics"],
        None,
        "medium",
    ),
    (
        "Finding and citing data sets",
        "Where to find data, how to cite it and how to manage it.",
        1,
        ["Statistics and Data", "Research Methods"],
        6,
        "long",
    ),
    (
        "Biology and ecology",
        "Databases and field-guide collections for the life sciences.",
        2,
        ["Biology"],
        None,
        "long",
    ),
    (
        "Publishing open access",
        "Choosing a journal, paying charges and depositing your work.",
        2,
        ["Open Access and Publishing"],
        None,
        "medium",
    ),
    (
        "History: primary sources",
        "Digitised archives, newspapers and printed primary sources.",
        3,
        ["History", "Archives and Special Collections"],
        5,
        "long",
    ),
    (
        "Philosophy research guide",
        "Finding philosophy articles, books and reference works.",
        3,
        ["Philosophy"],
        None,
        "medium",
    ),
    (
        "Using Special Collections",
        "Visiting the reading room and requesting rare materials.",
        3,
        ["Archives and Special Collections"],
        None,
        "short",
    ),
    (
        "English literature",
        "Texts, criticism and literary reference for English students.",
        4,
        ["Literature"],
        None,
        "long",
    ),
    (
        "Music: scores and recordings",
        "Printed and digital scores, streaming audio and musicology.",
        4,
        ["Music"],
        None,
        "medium",
    ),
    (
        "Creative writing resources",
        "Craft books, literary magazines and writing competitions.",
        4,
        ["Literature"],
        None,
        "short",
    ),
    (
        "Modern languages and translation",
        "Dictionaries, corpora and literature in many languages.",
        5,
        ["Languages and Linguistics"],
        None,
        "medium",
    ),
    (
        "Latin American studies",
        "News, archives and scholarship on Latin America.",
        5,
        ["History", "Languages and Linguistics"],
        None,
        "short",
    ),
    (
        "Economics research guide",
        "Journals, working papers and economic statistics.",
        6,
        ["Economics"],
        None,
        "long",
    ),
    (
        "Company and market information",
        "Company reports, market research and financial data.",
        6,
        ["Economics", "Statistics and Data"],
        None,
        "medium",
    ),
    (
        "Psychology research guide",
        "PsycInfo, tests and measures, and research methods.",
        7,
        ["Psychology"],
        None,
        "long",
    ),
    (
        "Sociology research guide",
        "Social research literature, theory and survey data.",
        7,
        ["Sociology"],
        None,
        "medium",
    ),
    (
        "Planning a literature search",
        "Turn a question into search terms and a search strategy.",
        7,
        ["Research Methods"],
        10,
        "long",
    ),
    (
        "Politics and international relations",
        "Political science literature, think tanks and official papers.",
        8,
        ["Politics"],
        None,
        "long",
    ),
    (
        "Referencing and avoiding plagiarism",
        "Referencing styles, Zotero and academic integrity.",
        8,
        ["Citing and Referencing"],
        9,
        "medium",
    ),
    (
        "Legal research skills",
        "Finding cases, legislation and commentary.",
        9,
        ["Law"],
        None,
        "long",
    ),
    (
        "OSCOLA referencing",
        "How to cite legal sources in OSCOLA style.",
        9,
        ["Law", "Citing and Referencing"],
        None,
        "short",
    ),
    (
        "Nursing and midwifery evidence",
        "CINAHL, guidelines and evidence summaries for practice.",
        10,
        ["Nursing and Midwifery"],
        None,
        "long",
    ),
    (
        "Systematic reviews",
        "Protocols, search strategies and reporting for systematic reviews.",
        10,
        ["Systematic Reviews", "Research Methods"],
        11,
        "long",
    ),
    (
        "Public health and global health",
        "Epidemiology, health statistics and grey literature.",
        10,
        ["Public Health"],
        None,
        "medium",
    ),
    (
        "Evidence-based medicine",
        "Point-of-care tools, MEDLINE and the Cochrane Library.",
        11,
        ["Medicine"],
        None,
        "long",
    ),
    (
        "Clinical guidelines",
        "Where to find national and international clinical guidelines.",
        11,
        ["Medicine", "Nursing and Midwifery"],
        None,
        "short",
    ),
]

# title template, intro template, tags, shape
POSTS = [
    (
        "New database trial: {db}",
        "We have trial access to {db} for {subject} until the end of term. Should we subscribe?",
        ["databases", "new-resources"],
        "trial",
    ),
    (
        "Drop-in research help for {subject} students",
        "Weekly {subject} drop-in sessions start next week: bring your assignment questions.",
        ["events", "workshops"],
        "event",
    ),
    (
        "Writing your {subject} dissertation: book a consultation",
        "One-to-one consultations for final-year and masters {subject} students are open.",
        ["dissertations", "consultations"],
        "advice",
    ),
    (
        "Exam season: {subject} reading lists and past papers",
        "Where to find past {subject} exam papers and the key texts on your reading lists.",
        ["exams", "reading-lists"],
        "advice",
    ),
    (
        "Zotero workshop for {subject}",
        "A hands-on {subject} session on collecting, organising and citing sources with Zotero.",
        ["workshops", "referencing"],
        "event",
    ),
    (
        "Finding {subject} data for your project",
        "{subject} data archives, statistics portals and how to cite a data set.",
        ["data", "research-methods"],
        "advice",
    ),
    (
        "Open access publishing support for {subject} researchers",
        "The library pays article charges for {subject} researchers with many publishers.",
        ["open-access", "publishing"],
        "advice",
    ),
    (
        "From the archive: {subject} in Special Collections",
        "Treasures from Special Collections for {subject} students, on display this month.",
        ["special-collections", "events"],
        "spotlight",
    ),
]

IMAGE_LABELS = [
    "Reading room in the Main Library",
    "Students at a research workshop",
    "Special Collections display",
    "Group study in the Science Library",
    "Data visualisation wall",
    "Late-night study space",
    "Books on a new display shelf",
    "Laptop loan lockers",
]


FEATURED = {
    "planning-a-literature-search",
    "referencing-and-avoiding-plagiarism",
    "finding-and-citing-data-sets",
    "systematic-reviews",
    "history-primary-sources",
    "publishing-open-access",
}
