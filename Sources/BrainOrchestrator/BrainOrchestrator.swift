// BrainOrchestrator: the seven agents, the brain loop and runner supervision. Empty until the
// BrainOrchestrator issue; it depends on AgentTools and ProdCore.
import AgentTools
