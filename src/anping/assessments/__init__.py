"""Security assessments (sa-2018 Art. 4-6): points, evidence, findings and rectification."""
