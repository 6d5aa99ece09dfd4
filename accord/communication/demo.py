# ruff: noqa: E501  the seed's sentences and their translations are kept whole, one per line
"""Demonstration data of news and success stories, written through the services as the ministry would.

Every ✓ example of the seed (the 2008 synthesis of the ACCORD workshops) is a success story under its
theme, in French as the seed tells it, with an English translation, attached to the demo créneau it
names (or, for an example shared by several, the one that leads it) and one of that créneau's regions.
A few pieces of news complete it: published ones, one scheduled and one draft. Safe to run again: once
stories exist, nothing is added.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from typing import Any

from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from django.utils import timezone

from accord.accounts.models import User
from accord.registry.demo import DEMO_DOMAIN
from accord.registry.models import Creneau, Region

from . import policies, services
from .models import Briefing, BriefingDownload, BriefingKind, Publication, PublicationKind, Theme

ORDER = 38  # after the registry (10) and the events (32): stories name the créneaux and their regions
REASON = "Données de démonstration"

T = Theme
# (theme, créneau's slug, region's code, French title, English title, the seed's text, its English,
#  the results as the seed states them, in French and English).
STORIES: list[tuple[str, str, str, str, str, str, str, str, str]] = [
    # 1 – La mobilisation
    (
        T.MOBILISATION,
        "materiaux-composites-et-plastique",
        "12",
        "Des tables sectorielles pour mobiliser les entreprises",
        "Sector tables to rally the companies",
        "Mise en place de tables sectorielles en matière de productivité, d'innovation et de commercialisation.",
        "Sector tables on productivity, innovation and marketing were set up.",
        "Trois tables sectorielles actives.",
        "Three active sector tables.",
    ),
    (
        T.MOBILISATION,
        "meuble-centre-du-quebec",
        "17",
        "Le comité de créneau se réunit chez ses membres",
        "The niche committee meets at its members' plants",
        "Visite d'une entreprise membre à l'occasion des comités de créneau.",
        "A member company is visited at each niche committee meeting.",
        "Chaque réunion du comité comprend la visite d'une entreprise membre.",
        "Every committee meeting includes a member company visit.",
    ),
    (
        T.MOBILISATION,
        "meuble-mauricie",
        "04",
        "De l'information stratégique pour les membres",
        "Strategic information for the members",
        "Accès à de l'information stratégique telle que des études sur les tendances en design, en développement de produits et en matériaux d'avenir.",
        "Access to strategic information such as studies of trends in design, product development and materials of the future.",
        "Des études de tendances accessibles à toutes les entreprises du créneau.",
        "Trend studies available to every company of the niche.",
    ),
    (
        T.MOBILISATION,
        "meuble-lanaudiere",
        "14",
        "Un parc-machine partagé",
        "A shared machine park",
        "Partage du parc-machine et collaboration pour la logistique de transport des marchandises.",
        "The machine park is shared and the companies cooperate on the logistics of shipping goods.",
        "Équipements et transport de marchandises mis en commun.",
        "Equipment and freight shipping pooled.",
    ),
    (
        T.MOBILISATION,
        "materiaux-composites-et-plastique",
        "12",
        "Une coopérative d'achats stratégiques",
        "A strategic purchasing cooperative",
        "Participation au regroupement d'achat de matières premières et autres services : Coopérative d'achats stratégiques intégrés (CASI).",
        "Taking part in the group purchasing of raw materials and other services: the Coopérative d'achats stratégiques intégrés (CASI).",
        "Achats de matières premières regroupés au sein de la CASI.",
        "Raw materials bought together through the CASI.",
    ),
    (
        T.MOBILISATION,
        "aliments-sante",
        "03",
        "Une table commune auprès des grands distributeurs",
        "A common table with the large retailers",
        "Création d'une table commune auprès des donneurs d'ordre (Sobeys, Cosco) : a permis à plusieurs entreprises de la région d'être référencées chez de grands distributeurs.",
        "A common table with the prime contractors (Sobeys, Cosco) got several companies of the region listed by large retailers.",
        "Volume d'affaires : environ 20 M$.",
        "Business volume: about $20 million.",
    ),
    # 2 – La gouvernance: structure de gestion
    (
        T.GOVERNANCE,
        "aliments-sante",
        "03",
        "Pôle Québec Chaudière-Appalaches gère les créneaux de la Capitale-Nationale",
        "Pôle Québec Chaudière-Appalaches runs the niches of Capitale-Nationale",
        "Pôle Québec Chaudière-Appalaches : tous les créneaux de la région de la Capitale-Nationale.",
        "Pôle Québec Chaudière-Appalaches: every niche of the Capitale-Nationale region.",
        "Une seule organisation existante assure la gestion de tous les créneaux de la région.",
        "One existing organisation manages every niche of the region.",
    ),
    (
        T.GOVERNANCE,
        "ingenierie-procedes-industriels-miniers-metallurgiques",
        "09",
        "Le Centre d'aide technologique aux entreprises de la Côte-Nord porte le créneau",
        "The Côte-Nord technology centre carries the niche",
        "Centre d'aide technologique aux entreprises de la Côte-Nord : créneau Ingénierie des procédés industriels, métallurgiques et miniers.",
        "The Côte-Nord technology assistance centre for companies: the Industrial, mining and metallurgical process engineering niche.",
        "Le créneau s'appuie sur l'expertise et les installations d'un organisme en place.",
        "The niche relies on the expertise and facilities of an existing organisation.",
    ),
    (
        T.GOVERNANCE,
        "equipements-de-transport",
        "17",
        "AMETVS gère deux créneaux du transport",
        "AMETVS manages two transportation niches",
        "AMETVS : créneaux Équipements de transport – Centre-du-Québec et Technologies de matériel de transport et logistique – Montérégie.",
        "AMETVS: the Transportation equipment – Centre-du-Québec and Transportation equipment technologies and logistics – Montérégie niches.",
        "Une seule structure de gestion pour deux créneaux de deux régions.",
        "One management structure for two niches of two regions.",
    ),
    (
        T.GOVERNANCE,
        "ressources-sciences-technologies-marines",
        "01",
        "La Technopole maritime du Québec gère le créneau",
        "Technopole maritime du Québec manages the niche",
        "Technopole maritime du Québec : créneau Ressources, sciences et technologies marines – Bas-Saint-Laurent.",
        "Technopole maritime du Québec: the Marine resources, sciences and technologies niche – Bas-Saint-Laurent.",
        "Le créneau s'appuie sur une technopole existante plutôt que sur un nouvel organisme.",
        "The niche relies on an existing technopole rather than a new body.",
    ),
    (
        T.GOVERNANCE,
        "valorisation-de-la-tourbe",
        "01",
        "L'association des producteurs de tourbe devient comité de créneau",
        "The peat producers' association becomes the niche committee",
        "L'association des producteurs de tourbe du Québec : le conseil d'administration de l'association est devenu le comité de créneau « Valorisation de la tourbe » – Bas-Saint-Laurent.",
        "The Quebec peat producers' association: its board of directors became the “Peat development” niche committee – Bas-Saint-Laurent.",
        "Le conseil d'administration de l'association siège comme comité de créneau.",
        "The association's board sits as the niche committee.",
    ),
    (
        T.GOVERNANCE,
        "micro-nano-technologies",
        "16",
        "MicroTeQ, un OSBL dirigé par les gens d'affaires",
        "MicroTeQ, a non-profit run by business people",
        "MicroTeQ : créneau Micro/Nano-technologies pour l'électronique de pointe – Montérégie-Estrie.",
        "MicroTeQ: the Micro/nanotechnologies for advanced electronics niche – Montérégie-Estrie.",
        "Un organisme sans but lucratif dirigé par les gens d'affaires coordonne le créneau.",
        "A non-profit run by business people coordinates the niche.",
    ),
    (
        T.GOVERNANCE,
        "techno-mines-souterraines",
        "08",
        "MISA coordonne le créneau Techno-mines souterraines",
        "MISA coordinates the Underground mining technologies niche",
        "MISA : créneau Techno-mines souterraines – Abitibi-Témiscamingue.",
        "MISA: the Underground mining technologies niche – Abitibi-Témiscamingue.",
        "Un organisme sans but lucratif dirigé par les gens d'affaires coordonne le créneau.",
        "A non-profit run by business people coordinates the niche.",
    ),
    (
        T.GOVERNANCE,
        "bois-feuillu-outaouais",
        "07",
        "Le RESBO coordonne le créneau du bois feuillu",
        "RESBO coordinates the hardwood niche",
        "Réseau des entreprises du secteur bois de l'Outaouais (RESBO) : créneau Production et transformation du bois de type feuillu – Outaouais.",
        "The Outaouais wood sector companies' network (RESBO): the Hardwood production and processing niche – Outaouais.",
        "Un organisme sans but lucratif dirigé par les gens d'affaires coordonne le créneau.",
        "A non-profit run by business people coordinates the niche.",
    ),
    (
        T.GOVERNANCE,
        "foret-mixte-laurentides",
        "15",
        "Signature Bois Laurentides coordonne le créneau de la forêt mixte",
        "Signature Bois Laurentides coordinates the mixed forest niche",
        "Signature Bois Laurentides : créneau Transformation de la forêt mixte – Laurentides.",
        "Signature Bois Laurentides: the Mixed forest processing niche – Laurentides.",
        "Un organisme sans but lucratif dirigé par les gens d'affaires coordonne le créneau.",
        "A non-profit run by business people coordinates the niche.",
    ),
    # 2 – La gouvernance: fonctionnement du créneau
    (
        T.GOVERNANCE,
        "equipements-de-transport",
        "17",
        "Un comité exécutif pour faire avancer les projets",
        "An executive committee to move projects forward",
        "Le comité de créneau a nommé un comité exécutif, qui se réunit plus souvent et prend les décisions nécessaires à l'avancement des projets.",
        "The niche committee appointed an executive committee, which meets more often and takes the decisions the projects need to move forward.",
        "Des décisions prises entre les réunions du comité de créneau.",
        "Decisions taken between the niche committee's meetings.",
    ),
    (
        T.GOVERNANCE,
        "materiaux-composites-et-plastique",
        "12",
        "Des tables sectorielles qui renouvellent la planification des entreprises",
        "Sector tables that renewed the companies' planning",
        "Mise en place de tables sectorielles en matière de productivité, d'innovation et de commercialisation : ont suscité la révision de la planification stratégique des plans d'affaires d'une trentaine d'entreprises du créneau et devraient amener à de nouveaux investissements suite au repositionnement de plusieurs entreprises.",
        "Sector tables on productivity, innovation and marketing led some thirty companies of the niche to revise the strategic planning of their business plans, and should bring new investment as several companies reposition.",
        "Une trentaine d'entreprises ont révisé leur planification stratégique.",
        "Some thirty companies revised their strategic planning.",
    ),
    (
        T.GOVERNANCE,
        "bioalimentaire-monteregie",
        "16",
        "Un règlement de créneau aux règles claires",
        "Niche bylaws with clear rules",
        "Le comité de créneau s'est doté d'un règlement sur sa mission, sa composition, la durée des mandats, la périodicité des rencontres, la prise de décision et les conflits d'intérêts, remis à tous ses membres.",
        "The niche committee adopted bylaws on its mission, composition, terms of office, how often it meets, decision-making and conflicts of interest, given to all its members.",
        "Un règlement adopté et remis à chaque membre du comité.",
        "Bylaws adopted and given to every committee member.",
    ),
    (
        T.GOVERNANCE,
        "ressources-sciences-technologies-marines",
        "01",
        "Une programmation annuelle et un bilan chaque année",
        "An annual programme and a yearly report",
        "Le créneau établit ses priorités annuelles et réalise un bilan annuel pour le suivi et l'évaluation des retombées, avec des indicateurs.",
        "The niche sets its yearly priorities and writes an annual report to follow and assess its impact, with indicators.",
        "Un bilan annuel avec indicateurs de retombées.",
        "An annual report with impact indicators.",
    ),
    (
        T.GOVERNANCE,
        "valorisation-de-la-tourbe",
        "01",
        "Le créneau de la tourbe fait son bilan annuel",
        "The peat niche reports on its year",
        "Le créneau établit ses priorités annuelles et réalise un bilan annuel pour le suivi et l'évaluation des retombées, avec des indicateurs.",
        "The niche sets its yearly priorities and writes an annual report to follow and assess its impact, with indicators.",
        "Un bilan annuel avec indicateurs de retombées.",
        "An annual report with impact indicators.",
    ),
    # 3 – La communication
    (
        T.COMMUNICATION,
        "techno-mines-souterraines",
        "08",
        "Un site Web pour le créneau Techno-mines souterraines",
        "A website for the Underground mining technologies niche",
        "Le créneau fait connaître ses actions sur son site Web : www.misaat.org.",
        "The niche makes its actions known on its website: www.misaat.org.",
        "Un site Web du créneau en ligne.",
        "The niche's website online.",
    ),
    (
        T.COMMUNICATION,
        "bioalimentaire-monteregie",
        "16",
        "Le créneau Bioalimentaire en ligne",
        "The Agri-food niche online",
        "Le créneau fait connaître ses actions sur son site Web : bioalimentaire.ca.",
        "The niche makes its actions known on its website: bioalimentaire.ca.",
        "Un site Web du créneau en ligne.",
        "The niche's website online.",
    ),
    (
        T.COMMUNICATION,
        "equipements-de-transport",
        "17",
        "Un bulletin électronique trimestriel",
        "A quarterly electronic newsletter",
        "Bulletin électronique trimestriel du créneau, diffusé sur transportail.net.",
        "The niche's quarterly electronic newsletter, published on transportail.net.",
        "Quatre bulletins par année.",
        "Four newsletters a year.",
    ),
    (
        T.COMMUNICATION,
        "bois-apparence-composites-estrie",
        "05",
        "Le Service intégré du bois : veille et plateforme technologique",
        "The Service intégré du bois: watch and technology platform",
        "Accroissement de la productivité et de la flexibilité des entreprises par des actions de veille commerciale (vigie stratégique) et la mise en place d'une plate-forme technologique : Service Intégré du Bois (sib-estrie.qc.ca).",
        "The companies' productivity and flexibility grew through market watch (strategic monitoring) and a technology platform: the Service Intégré du Bois (sib-estrie.qc.ca).",
        "Productivité et flexibilité accrues des entreprises du créneau.",
        "Higher productivity and flexibility of the niche's companies.",
    ),
    (
        T.COMMUNICATION,
        "materiaux-composites-et-plastique",
        "12",
        "La Vallée de la plasturgie, une image de marque",
        "The Plastics Valley, a brand",
        "Création d'une image de marque : la Vallée de la plasturgie.",
        "A brand was created: the Plastics Valley (la Vallée de la plasturgie).",
        "Une image de marque commune aux entreprises du créneau.",
        "A brand shared by the niche's companies.",
    ),
    (
        T.COMMUNICATION,
        "aliments-sante",
        "03",
        "Une image de marque pour les aliments santé",
        "A brand for health foods",
        "Création d'une image de marque (www.consortiumalimentssante.ca).",
        "A brand was created (www.consortiumalimentssante.ca).",
        "Une image de marque commune aux entreprises du créneau.",
        "A brand shared by the niche's companies.",
    ),
    # 4 – La collaboration intercréneaux
    (
        T.COLLABORATION,
        "micro-nano-technologies",
        "05",
        "Deux créneaux fusionnent à la demande des industriels",
        "Two niches merge at the industry's request",
        "Le créneau Micro/Nano-technologies pour l'électronique de pointe est né de la fusion des créneaux Microélectronique de pointe de l'Estrie et Fabrication de composantes microélectroniques de la Montérégie, et ce, à la demande des industriels des deux régions.",
        "The Micro/nanotechnologies for advanced electronics niche was born of the merger of the Advanced microelectronics niche of Estrie and the Microelectronic component manufacturing niche of Montérégie, at the request of the industry of both regions.",
        "Un créneau interrégional au lieu de deux.",
        "One interregional niche instead of two.",
    ),
    (
        T.COLLABORATION,
        "equipements-de-transport",
        "17",
        "Un comité interrégional des créneaux du transport",
        "An interregional committee of the transportation niches",
        "Mise en place d'un comité interrégional des créneaux liés au transport (Centre-du-Québec, Montérégie, Estrie et Laurentides) pour la réalisation de projets communs tels que cartographie des entreprises, image marketing commune pour le positionnement à l'international, etc.",
        "An interregional committee of the transportation niches (Centre-du-Québec, Montérégie, Estrie and Laurentides) carries joint projects such as a map of the companies and a common marketing image for positioning abroad.",
        "Quatre régions, des projets communs : cartographie et image marketing.",
        "Four regions, joint projects: mapping and a marketing image.",
    ),
    (
        T.COLLABORATION,
        "agriculture-nordique",
        "08",
        "Des rencontres interrégionales entre créneaux apparentés",
        "Interregional meetings between related niches",
        "Rencontres interrégionales avec les créneaux apparentés pour assurer la complémentarité des champs d'intervention et favoriser les maillages ou les partenariats d'affaires.",
        "Interregional meetings with related niches keep their fields of action complementary and foster matchmaking and business partnerships.",
        "Des champs d'intervention complémentaires et des partenariats d'affaires.",
        "Complementary fields of action and business partnerships.",
    ),
    (
        T.COLLABORATION,
        "meuble-centre-du-quebec",
        "17",
        "Le comité interrégional du meuble",
        "The interregional furniture committee",
        "Le comité interrégional meuble regroupe les présidents des comités de créneaux liés au meuble des régions du Centre-du-Québec, de Chaudière-Appalaches, de l'Estrie, de Lanaudière et de la Mauricie. Se réunissant régulièrement depuis l'automne 2005, ce comité vise à identifier et réaliser des actions interrégionales ainsi qu'à partager de l'information pertinente pour le développement de leurs créneaux.",
        "The interregional furniture committee brings together the chairs of the furniture niche committees of Centre-du-Québec, Chaudière-Appalaches, Estrie, Lanaudière and Mauricie. Meeting regularly since the fall of 2005, it identifies and carries out interregional actions and shares information useful to their niches.",
        "Cinq régions réunies régulièrement depuis 2005.",
        "Five regions meeting regularly since 2005.",
    ),
    (
        T.COLLABORATION,
        "transformation-de-l-aluminium",
        "02",
        "L'aluminium au service des créneaux du transport",
        "Aluminium for the transportation niches",
        "Lien entre le créneau de l'Aluminium (Saguenay) et les trois créneaux Transport : utilisation de l'aluminium dans la fabrication des équipements de transport.",
        "A link between the Aluminium niche (Saguenay) and the three transportation niches: aluminium used to build transportation equipment.",
        "Quatre créneaux liés par l'utilisation de l'aluminium.",
        "Four niches linked by the use of aluminium.",
    ),
    # 5 – Main-d'œuvre
    (
        T.WORKFORCE,
        "divertissement-interactif",
        "03",
        "Une école en divertissement interactif",
        "A school of interactive entertainment",
        "Création d'une école en divertissement interactif et de programmes adaptés suite à l'identification des besoins de main-d'œuvre par les entreprises et les institutions d'enseignement de tous les niveaux.",
        "A school of interactive entertainment and tailored programmes were created after the companies and schools of every level identified the workforce needs.",
        "Une école et des programmes adaptés aux besoins des entreprises.",
        "A school and programmes fitted to the companies' needs.",
    ),
    (
        T.WORKFORCE,
        "eolien",
        "11",
        "Les besoins de main-d'œuvre de l'éolien sur cinq ans",
        "The wind industry's workforce needs over five years",
        "Réalisation d'une étude sur les besoins de main-d'œuvre sur un horizon quinquennal en collaboration avec Emploi-Québec.",
        "A study of the workforce needs over five years, with Emploi-Québec.",
        "Une étude des besoins sur un horizon de cinq ans.",
        "A study of the needs over five years.",
    ),
    (
        T.WORKFORCE,
        "meuble-centre-du-quebec",
        "17",
        "Des vidéos de formation pour les opérateurs",
        "Training videos for machine operators",
        "Réalisation de vidéos de formation destinées aux opérateurs de machines à bois.",
        "Training videos for woodworking machine operators.",
        "Des vidéos de formation à la disposition des entreprises du créneau.",
        "Training videos available to the niche's companies.",
    ),
    (
        T.WORKFORCE,
        "meuble-lanaudiere",
        "14",
        "Un programme de formation en alternance",
        "A work-study training programme",
        "Mise en place d'un nouveau programme de formation (AEP) qui compte 20 % du temps de formation en entreprise.",
        "A new training programme (AEP) with 20% of the training time spent in companies.",
        "20 % du temps de formation en entreprise.",
        "20% of the training time in companies.",
    ),
    (
        T.WORKFORCE,
        "meuble-mauricie",
        "04",
        "Une formation professionnelle et technique sur mesure",
        "Vocational and technical training to measure",
        "Mise en place d'une formation professionnelle et technique répondant aux besoins des entreprises du créneau.",
        "Vocational and technical training that meets the needs of the niche's companies.",
        "Une formation répondant aux besoins des entreprises du créneau.",
        "Training that meets the needs of the niche's companies.",
    ),
    (
        T.WORKFORCE,
        "structures-complexes-composantes-metalliques",
        "14",
        "Des soudeurs recrutés au Costa Rica",
        "Welders recruited in Costa Rica",
        "Recrutement de main-d'œuvre étrangère : embauche d'une dizaine de soudeurs en provenance du Costa Rica.",
        "Recruiting abroad: some ten welders were hired from Costa Rica.",
        "Une dizaine de soudeurs embauchés.",
        "Some ten welders hired.",
    ),
    (
        T.WORKFORCE,
        "bois-apparence-composites-estrie",
        "05",
        "Des outils communs pour attirer et retenir la main-d'œuvre",
        "Common tools to attract and keep workers",
        "Mise en place d'outils communs d'intervention pour l'attraction, la qualification et la rétention de la main-d'œuvre.",
        "Common tools for attracting, qualifying and keeping workers.",
        "Des outils partagés par les entreprises du créneau.",
        "Tools shared by the niche's companies.",
    ),
    (
        T.WORKFORCE,
        "techno-mines-souterraines",
        "08",
        "Promouvoir les métiers des mines en trois langues",
        "Promoting mining trades in three languages",
        "Élaboration, en trois langues, de plusieurs campagnes de promotion des métiers dans le secteur des mines.",
        "Several campaigns promoting the mining trades, in three languages.",
        "Plusieurs campagnes, en trois langues.",
        "Several campaigns, in three languages.",
    ),
    # 5 – Innovation
    (
        T.INNOVATION,
        "groupe-mr3",
        "17",
        "Un nouveau four à bois venu de France",
        "A new wood kiln from France",
        "Transfert de technologie de Bio3D France vers MEC Torrification : nouveau four à bois par CO² caloporteur.",
        "Technology transfer from Bio3D France to MEC Torrification: a new wood kiln with CO₂ as the heat carrier.",
        "Une technologie transférée à une entreprise du créneau.",
        "A technology transferred to a company of the niche.",
    ),
    (
        T.INNOVATION,
        "meuble-mauricie",
        "04",
        "Les entreprises du meuble en recherche universitaire",
        "Furniture companies in university research",
        "Participation des entreprises à des projets de recherche universitaire, notamment avec la Chaire de l'UQTR.",
        "Companies take part in university research projects, notably with the UQTR research chair.",
        "Des entreprises partenaires de projets de recherche de l'UQTR.",
        "Companies partnering in UQTR research projects.",
    ),
    (
        T.INNOVATION,
        "bois-apparence-composites-estrie",
        "05",
        "Une chaîne de traçabilité certifiée FSC",
        "An FSC-certified chain of custody",
        "Implantation d'une chaîne de traçabilité permettant à une dizaine d'entreprises d'obtenir la certification Forest Stewardship Council (FSC).",
        "A chain of custody let some ten companies obtain the Forest Stewardship Council (FSC) certification.",
        "Une dizaine d'entreprises certifiées FSC.",
        "Some ten companies FSC-certified.",
    ),
    (
        T.INNOVATION,
        "micro-nano-technologies",
        "05",
        "Un centre de recherche précompétitif en « packaging »",
        "A pre-competitive packaging research centre",
        "Création d'un centre de recherche précompétitif en assemblage de tests : « packaging » microélectronique.",
        "A pre-competitive research centre in test assembly: microelectronic packaging.",
        "Un centre de recherche créé.",
        "A research centre created.",
    ),
    (
        T.INNOVATION,
        "bois-apparence-composites-estrie",
        "05",
        "Le Centre de productique intégrée du Québec",
        "The Centre de productique intégrée du Québec",
        "Création du Centre de productique intégrée du Québec : laboratoire doté d'équipements manufacturiers permettant de simuler des environnements industriels configurables sans avoir à perturber la production des entreprises.",
        "The Centre de productique intégrée du Québec: a laboratory with manufacturing equipment that simulates configurable industrial settings without disturbing the companies' production.",
        "Un laboratoire où tester sans arrêter la production.",
        "A laboratory to test without stopping production.",
    ),
    (
        T.INNOVATION,
        "materiaux-composites-et-plastique",
        "12",
        "Un consortium de recherche industrielle",
        "An industrial research consortium",
        "Mise en place d'un consortium de recherche industrielle.",
        "An industrial research consortium was set up.",
        "Un consortium de recherche en activité.",
        "A research consortium at work.",
    ),
    (
        T.INNOVATION,
        "metaux-ferreux-nouveaux-materiaux",
        "16",
        "Un centre de services en métallurgie des poudres",
        "A powder metallurgy service centre",
        "Création du Centre de services spécialisés en métallurgie des poudres et valorisation des résidus métalliques pour un nouvel épandage pour les routes (trois entreprises impliquées : QIT Fer et titane, les Forges de Sorel et Mittal Atcelor).",
        "The specialised service centre in powder metallurgy, which turns metal residues into a new road spreading material (three companies involved: QIT Fer et titane, Forges de Sorel and Mittal Atcelor).",
        "Trois entreprises impliquées; des résidus métalliques valorisés.",
        "Three companies involved; metal residues put to use.",
    ),
    # 5 – Le développement international
    (
        T.INTERNATIONAL,
        "meuble-lanaudiere",
        "14",
        "Plus de 1 M$ de contrats aux États-Unis",
        "Over $1 million of contracts in the United States",
        "La mise en commun des expertises a permis d'obtenir de nouveaux contrats aux États-Unis.",
        "Pooling their expertise won the companies new contracts in the United States.",
        "Nouveaux contrats aux États-Unis : plus de 1 M$.",
        "New contracts in the United States: over $1 million.",
    ),
    (
        T.INTERNATIONAL,
        "ressources-sciences-technologies-marines",
        "01",
        "Des projets avec les pôles de compétitivité français",
        "Projects with French competitiveness clusters",
        "Créneau Ressources, sciences et technologies marines – Québec maritime : plusieurs projets avec des pôles de compétitivité français, issus du Symposium.",
        "Marine resources, sciences and technologies niche – maritime Québec: several projects with French competitiveness clusters, born at the Symposium.",
        "Plusieurs projets issus du Symposium.",
        "Several projects born at the Symposium.",
    ),
    (
        T.INTERNATIONAL,
        "groupe-mr3",
        "17",
        "Une coentreprise franco-québécoise",
        "A French-Québec joint venture",
        "Création d'une coentreprise entre Finaxo Environnement (France) et recyclage Granutech. Projet issu du Symposium.",
        "A joint venture between Finaxo Environnement (France) and Granutech recycling, born at the Symposium.",
        "Une coentreprise créée.",
        "A joint venture created.",
    ),
    (
        T.INTERNATIONAL,
        "equipements-de-transport",
        "17",
        "Une mission en Russie avec le ministre",
        "A mission to Russia with the minister",
        "Créneaux Équipements de transport – Centre-du-Québec, Matériel de transport – Estrie et Techno-mines souterraines – Abitibi-Témiscamingue : mission en Russie en septembre 2008 avec le ministre Bachand.",
        "The Transportation equipment – Centre-du-Québec, Transportation equipment – Estrie and Underground mining technologies – Abitibi-Témiscamingue niches: a mission to Russia in September 2008 with minister Bachand.",
        "Trois créneaux en mission commune.",
        "Three niches on a joint mission.",
    ),
    (
        T.INTERNATIONAL,
        "structures-complexes-composantes-metalliques",
        "14",
        "Axem alliance pour soumissionner sur de grands projets",
        "Axem alliance to bid on major projects",
        "Création de Axem alliance, un regroupement d'entreprises pour soumissionner sur des projets majeurs (axemalliance.com).",
        "Axem alliance, a group of companies formed to bid on major projects (axemalliance.com).",
        "Un regroupement d'entreprises soumissionnaires.",
        "A group of companies bidding together.",
    ),
    (
        T.INTERNATIONAL,
        "micro-nano-technologies",
        "16",
        "Le corridor de la microélectronique jusqu'à Albany",
        "The microelectronics corridor to Albany",
        "Corridor de la microélectronique : de la Montérégie, en passant par l'Estrie et jusqu'à Albany; développement de partenariats et signature d'ententes avec des pôles en microélectronique à l'étranger : Minatec en France et Albany Nanotech aux USA; interventions de plusieurs membres du créneau, à titre d'experts, à des conférences internationales.",
        "A microelectronics corridor from Montérégie through Estrie to Albany; partnerships and agreements with microelectronics clusters abroad: Minatec in France and Albany Nanotech in the USA; several members of the niche spoke as experts at international conferences.",
        "Des ententes avec Minatec et Albany Nanotech.",
        "Agreements with Minatec and Albany Nanotech.",
    ),
]

# (days from today: negative published, positive scheduled, None a draft; French title, English title, text).
NEWS = [
    (
        -40,
        "Grand rendez-vous des créneaux d'excellence : la synthèse des ateliers",
        "Grand rendez-vous of the niches: the workshops' synthesis",
        "<p>Cinq ateliers ont réuni plus d'une soixantaine de personnes chacun autour de leurs <strong>bons coups</strong>.</p>",
    ),
    (
        -10,
        "Les bons coups des créneaux en ligne",
        "The niches' success stories online",
        "<p>Les réalisations des créneaux sont maintenant publiées sur le site, par thème.</p>",
    ),
    (
        14,
        "Appel de bons coups pour le prochain rendez-vous",
        "Call for success stories for the next gathering",
        "<p>Les coordonnateurs sont invités à raconter leurs réalisations de l'année.</p>",
    ),
    (None, "Brouillon : bulletin ACCORD de l'automne", "Draft: the fall ACCORD newsletter", "<p>À compléter.</p>"),
]


def load(*, stdout: Any) -> list[tuple[str, str, str]]:
    with transaction.atomic():
        _briefings(stdout)
    if Publication.objects.filter(kind=PublicationKind.STORY).exists():
        stdout.write(f"  news and stories: {Publication.objects.count()} already")
        return []
    admin = User.objects.get(email=f"admin@{DEMO_DOMAIN}")
    creneaux = {c.slug: c for c in Creneau.objects.all()}
    regions = {r.code: r for r in Region.objects.all()}
    now = timezone.now()
    with transaction.atomic():
        for n, row in enumerate(STORIES):
            theme, slug, code, title_fr, title_en, text_fr, text_en, results_fr, results_en = row
            story = services.create_publication(
                kind=PublicationKind.STORY,
                actor=admin,
                data={
                    "creneau": creneaux[slug],
                    "region": regions[code],
                    "theme": theme,
                    "title_fr": title_fr,
                    "title_en": title_en,
                    "summary_fr": text_fr,
                    "summary_en": text_en,
                    # The summary is the seed's own sentence; the text says where it was told.
                    "body_fr": "<p><em>Bon coup présenté au Grand rendez-vous des créneaux d'excellence, 20 novembre 2008.</em></p>",
                    "body_en": "<p><em>Success story presented at the Grand rendez-vous of the niches of excellence, November 20, 2008.</em></p>",
                    "results_fr": results_fr,
                    "results_en": results_en,
                },
                reason=REASON,
            )
            services.publish_publication(story, actor=admin, reason=REASON)
            # Spread over the past weeks, a story a day: lists and fiches show an order.
            _date(story, now - datetime.timedelta(days=n + 1))
        for days, title_fr, title_en, body in NEWS:
            news = services.create_publication(
                kind=PublicationKind.NEWS,
                actor=admin,
                data={"title_fr": title_fr, "title_en": title_en, "body_fr": body},
                reason=REASON,
            )
            if days is not None and days < 0:
                services.publish_publication(news, actor=admin, reason=REASON)
                _date(news, now + datetime.timedelta(days=days))
            elif days is not None:
                services.schedule_publication(news, actor=admin, at=now + datetime.timedelta(days=days), reason=REASON)
        _communication_plan(regions["05"], creneaux, year=now.year)
    stdout.write(f"  news and stories: {len(STORIES)} stories, {len(NEWS)} news; Estrie's communication plan")
    return []


#: Estrie's communication plan of the year (decision 51): (title, kind, budget, status, niches' slugs).
ACTIVITIES = [
    ("Capsules vidéo des bons coups", "social", "6000", "done", ["bois-apparence-composites-estrie"]),
    ("Page des créneaux de l'Estrie sur le site régional", "website", "4500", "under_way", []),
    ("Déjeuner de presse annuel", "media", "2500", "planned", []),
    ("Salon de l'emploi en fabrication", "event", "8000", "planned", ["bois-apparence-composites-estrie"]),
]


def _communication_plan(region: Region, creneaux: dict[str, Creneau], *, year: int) -> None:
    """The plan the Estrie office keeps, within its budget."""
    office = User.objects.get(email=f"dr-estrie@{DEMO_DOMAIN}")
    plan = services.create_communication_plan(
        region=region,
        actor=office,
        data={
            "year": year,
            "budget": Decimal("25000"),
            "aims_fr": "Faire connaître les créneaux de l'Estrie aux entreprises et aux futurs travailleurs.",
            "aims_en": "Make Estrie's niches known to companies and future workers.",
        },
        reason=REASON,
    )
    for title, kind, budget, status, slugs in ACTIVITIES:
        services.save_activity(
            plan,
            actor=office,
            data={
                "title_fr": title,
                "kind": kind,
                "budget": Decimal(budget),
                "status": status,
                "creneaux": [creneaux[slug] for slug in slugs if slug in creneaux],
            },
            reason=REASON,
        )


def _date(publication: Publication, at: datetime.datetime) -> None:
    """Date a demo publication back (its history keeps the publication by the service)."""
    Publication.objects.filter(pk=publication.pk).update(published_at=at)


# --- Members-only information (decision 52) ----------------------------------------------------------

K = BriefingKind
#: (kind, for whom, French title, English title or "", French summary, English summary or "", closes in
#: days (None: no date; negative: closed), contact, the document's name or ""). "porteur": the niches of
#: the demo carrier's enterprise (porteur@); "coordination": the niche coordination@ coordinates; a
#: slug: that niche. The seed's example: « Créneau Meuble - Mauricie : accès à de l'information
#: stratégique telle que des études sur les tendances en design ».
BRIEFINGS: list[tuple[str, str, str, str, str, str, int | None, str, str]] = [
    (
        K.TENDER,
        "porteur",
        "Appel d'offres : navettes électriques pour un parc industriel",
        "Call for tenders: electric shuttles for an industrial park",
        "Un parc industriel de l'Estrie cherche un fournisseur de quatre navettes électriques pour ses employés. Cahier des charges joint.",
        "An Estrie industrial park seeks a supplier of four electric shuttles for its employees. Specifications attached.",
        21,
        "approvisionnement@parc-industriel.example",
        "cahier-des-charges-navettes.txt",
    ),
    (
        K.TENDER,
        "porteur",
        "Appel d'offres : remorques spécialisées",
        "Call for tenders: specialised trailers",
        "Un transporteur régional renouvelle sa flotte de remorques plateaux.",
        "",
        -10,
        "flotte@transport-regional.example",
        "",
    ),
    (
        K.PARTNERSHIP,
        "porteur",
        "Recherche de partenaire : composites légers pour carrosseries",
        "Partner wanted: light composites for vehicle bodies",
        "Un fabricant de véhicules cherche un partenaire pour développer des panneaux composites plus légers.",
        "A vehicle manufacturer seeks a partner to develop lighter composite panels.",
        45,
        "r-et-d@vehicules.example",
        "",
    ),
    (
        K.BUYER_NEED,
        "porteur",
        "Besoin d'un donneur d'ordres : pièces usinées en petites séries",
        "A buyer's need: machined parts in small runs",
        "Un équipementier cherche des ateliers capables d'usiner des pièces d'aluminium en séries de 50 à 200.",
        "",
        None,
        "achats@equipementier.example",
        "",
    ),
    (
        K.STUDY,
        "porteur",
        "Étude : le marché nord-américain des véhicules spécialisés",
        "Study: the North American market for specialty vehicles",
        "Taille du marché, croissance attendue et principaux acheteurs d'ici cinq ans.",
        "Market size, expected growth and the main buyers over the next five years.",
        None,
        "",
        "etude-marche-vehicules.txt",
    ),
    (
        K.WATCH,
        "coordination",
        "Veille : nouvelles normes de sécurité des machines",
        "Watch: new machine safety standards",
        "Résumé des normes entrées en vigueur cette année et de leurs effets sur les ateliers.",
        "A summary of the standards in force this year and their effects on workshops.",
        None,
        "",
        "veille-normes.txt",
    ),
    (
        K.PRACTICE,
        "coordination",
        "Meilleure pratique : le regroupement d'achats de matières premières",
        "Best practice: pooled purchasing of raw materials",
        "Comment des entreprises du créneau ont réduit leurs coûts en achetant ensemble (coopérative d'achats).",
        "How companies of the niche cut their costs by buying together (a purchasing cooperative).",
        None,
        "coordination du créneau",
        "",
    ),
    (
        K.PARTNERSHIP,
        "coordination",
        "Demande de partenariat : formation des opérateurs",
        "Partnership request: training machine operators",
        "Le centre de formation cherche trois entreprises pour accueillir des stagiaires cet automne.",
        "",
        30,
        "stages@formation.example",
        "",
    ),
    (
        K.STUDY,
        "meuble-mauricie",
        "Étude des tendances en design du meuble",
        "Furniture design trends study",
        "Tendances en design, en développement de produits et en matériaux d'avenir, pour les entreprises du créneau.",
        "Trends in design, product development and materials of the future, for the niche's companies.",
        None,
        "",
        "tendances-design-meuble.txt",
    ),
    (
        K.WATCH,
        "meuble-mauricie",
        "Veille : matériaux d'avenir pour le meuble",
        "Watch: materials of the future for furniture",
        "Les matériaux biosourcés qui arrivent sur le marché et leurs fournisseurs.",
        "",
        None,
        "",
        "",
    ),
    (
        K.PRACTICE,
        "meuble-mauricie",
        "Meilleure pratique : la visite d'une entreprise à chaque comité",
        "Best practice: a company visit at every committee meeting",
        "Le comité se réunit chez un membre : les entreprises se connaissent et s'engagent.",
        "The committee meets at a member's plant: companies get to know one another and commit.",
        None,
        "",
        "",
    ),
    (
        K.BUYER_NEED,
        "meuble-mauricie",
        "Besoin d'un grand distributeur : mobilier de bureau",
        "A large retailer's need: office furniture",
        "Un distributeur cherche des fabricants québécois de mobilier de bureau pour sa gamme locale.",
        "A retailer seeks Québec makers of office furniture for its local range.",
        14,
        "categorie-mobilier@distributeur.example",
        "",
    ),
]


def _briefing_targets() -> dict[str, list[Creneau]]:
    """The niches the demo's sign-ins are members of: what they read in their area."""
    from accord.governance.models import MandateRole  # noqa: PLC0415  the demo reads the demo's committees
    from accord.registry.models import Membership  # noqa: PLC0415

    targets: dict[str, list[Creneau]] = {}
    porteur = User.objects.filter(email=f"porteur@{DEMO_DOMAIN}").first()
    if porteur is not None and porteur.person_id is not None:
        ids = Membership.objects.filter(organisation__affiliations__person_id=porteur.person_id).values("creneau_id")
        targets["porteur"] = list(Creneau.objects.filter(pk__in=ids).order_by("slug")[:1])
    coordination = User.objects.filter(email=f"coordination@{DEMO_DOMAIN}").first()
    if coordination is not None and coordination.person_id is not None:
        targets["coordination"] = list(
            Creneau.objects.filter(
                committees__mandates__person_id=coordination.person_id,
                committees__mandates__role=MandateRole.COORDINATOR,
            ).distinct()[:1]
        )
    return targets


def _document(name: str, title: str, summary: str) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, f"{title}\n\n{summary}\n".encode(), "text/plain")


def _briefings(stdout: Any) -> None:
    """A few of each kind for the demo's members (porteur@, presidence@ and coordination@, dr-estrie@ by
    its region, ministere@ everywhere) and for Mauricie's furniture niche, which they are not members
    of: its items are 404 to them. Some documents were downloaded. Once some exist, nothing is added."""
    if Briefing.objects.exists():
        return
    ministry = User.objects.get(email=f"ministere@{DEMO_DOMAIN}")
    targets = _briefing_targets()
    creneaux = {c.slug: c for c in Creneau.objects.all()}
    today = timezone.localdate()
    made: list[Briefing] = []
    for kind, whom, title_fr, title_en, summary_fr, summary_en, closes_in, contact, document in BRIEFINGS:
        chosen = targets.get(whom) or ([creneaux[whom]] if whom in creneaux else [])
        if not chosen:
            continue
        data: dict[str, Any] = {
            "kind": kind,
            "title_fr": title_fr,
            "title_en": title_en,
            "summary_fr": summary_fr,
            "summary_en": summary_en,
            "closes_on": today + datetime.timedelta(days=closes_in) if closes_in is not None else None,
            "contact": contact,
            "creneaux": chosen,
        }
        if document:
            data["file"] = _document(document, title_fr, summary_fr)
        briefing = services.create_briefing(actor=ministry, data=data, reason=REASON)
        services.publish_briefing(briefing, actor=ministry, reason=REASON)
        made.append(briefing)
    # A draft its members do not see yet.
    if targets.get("porteur"):
        services.create_briefing(
            actor=ministry,
            data={
                "kind": K.STUDY,
                "title_fr": "Brouillon : portrait de la main-d'œuvre du créneau",
                "summary_fr": "À compléter avant diffusion.",
                "creneaux": targets["porteur"],
            },
            reason=REASON,
        )
    readers = list(User.objects.filter(email__in=[f"porteur@{DEMO_DOMAIN}", f"presidence@{DEMO_DOMAIN}"]))
    for briefing in made:
        if not briefing.file:
            continue
        for reader in readers:
            if policies.readable_briefings(reader).filter(pk=briefing.pk).exists():
                services.record_download(briefing, user=reader)
    stdout.write(f"  members-only information: {len(made)} published, {BriefingDownload.objects.count()} downloads")
